/**
 * Real agricultural municipalities (approximate seat coordinates) and what they grow, so
 * location and crop features in gold look like Brazil's map rather than noise.
 */
export interface Municipality {
  readonly municipio: string;
  readonly uf: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly culturas: readonly string[];
  /** relative share of requests */
  readonly peso: number;
}

const m = (municipio: string, uf: string, latitude: number, longitude: number, culturas: string[], peso = 1): Municipality => ({
  municipio,
  uf,
  latitude,
  longitude,
  culturas,
  peso,
});

export const MUNICIPIOS: readonly Municipality[] = [
  m("Sorriso", "MT", -12.545, -55.711, ["SOJA", "MILHO", "ALGODAO"], 4),
  m("Sinop", "MT", -11.864, -55.502, ["SOJA", "MILHO"], 3),
  m("Lucas do Rio Verde", "MT", -13.05, -55.911, ["SOJA", "MILHO"], 3),
  m("Nova Mutum", "MT", -13.837, -56.083, ["SOJA", "MILHO", "ALGODAO"], 2),
  m("Primavera do Leste", "MT", -15.56, -54.297, ["SOJA", "ALGODAO"], 2),
  m("Campo Novo do Parecis", "MT", -13.675, -57.892, ["SOJA", "ALGODAO", "MILHO"], 2),
  m("Sapezal", "MT", -13.543, -58.818, ["ALGODAO", "SOJA"], 1),
  m("Rio Verde", "GO", -17.798, -50.928, ["SOJA", "MILHO", "PECUARIA_CORTE"], 3),
  m("Jataí", "GO", -17.881, -51.714, ["SOJA", "MILHO"], 2),
  m("Cristalina", "GO", -16.768, -47.613, ["FEIJAO", "MILHO", "SOJA", "HORTICULTURA"], 2),
  m("Luís Eduardo Magalhães", "BA", -12.096, -45.8, ["SOJA", "ALGODAO", "MILHO"], 2),
  m("São Desidério", "BA", -12.363, -44.973, ["ALGODAO", "SOJA"], 2),
  m("Barreiras", "BA", -12.153, -44.99, ["SOJA", "ALGODAO"], 1),
  m("Juazeiro", "BA", -9.416, -40.503, ["FRUTICULTURA"], 1),
  m("Petrolina", "PE", -9.389, -40.503, ["FRUTICULTURA"], 2),
  m("Balsas", "MA", -7.533, -46.039, ["SOJA", "MILHO"], 2),
  m("Uruçuí", "PI", -7.229, -44.556, ["SOJA"], 1),
  m("Campos Lindos", "TO", -7.99, -46.868, ["SOJA"], 1),
  m("Porto Nacional", "TO", -10.708, -48.417, ["SOJA", "PECUARIA_CORTE"], 1),
  m("Paragominas", "PA", -2.997, -47.353, ["SOJA", "PECUARIA_CORTE"], 1),
  m("Vilhena", "RO", -12.741, -60.146, ["SOJA", "PECUARIA_CORTE"], 1),
  m("Dourados", "MS", -22.221, -54.806, ["SOJA", "MILHO", "CANA_DE_ACUCAR"], 2),
  m("Maracaju", "MS", -21.614, -55.168, ["SOJA", "MILHO"], 2),
  m("Chapadão do Sul", "MS", -18.788, -52.626, ["SOJA", "ALGODAO"], 1),
  m("Cascavel", "PR", -24.956, -53.455, ["SOJA", "MILHO", "TRIGO", "SUINOCULTURA"], 3),
  m("Toledo", "PR", -24.714, -53.743, ["SOJA", "MILHO", "SUINOCULTURA"], 2),
  m("Guarapuava", "PR", -25.395, -51.458, ["SOJA", "TRIGO", "MILHO"], 2),
  m("Castro", "PR", -24.789, -50.012, ["PECUARIA_LEITE", "SOJA", "FEIJAO"], 2),
  m("Passo Fundo", "RS", -28.262, -52.407, ["SOJA", "TRIGO", "MILHO"], 2),
  m("Cruz Alta", "RS", -28.642, -53.606, ["SOJA", "TRIGO"], 2),
  m("Santa Rosa", "RS", -27.871, -54.481, ["SOJA", "TRIGO", "PECUARIA_LEITE"], 1),
  m("Uruguaiana", "RS", -29.755, -57.088, ["ARROZ", "PECUARIA_CORTE"], 2),
  m("Chapecó", "SC", -27.1, -52.615, ["MILHO", "SUINOCULTURA", "AVICULTURA"], 2),
  m("Concórdia", "SC", -27.234, -52.028, ["SUINOCULTURA", "AVICULTURA", "MILHO"], 1),
  m("Ribeirão Preto", "SP", -21.178, -47.81, ["CANA_DE_ACUCAR", "SOJA"], 2),
  m("Sertãozinho", "SP", -21.137, -47.99, ["CANA_DE_ACUCAR"], 1),
  m("Franca", "SP", -20.539, -47.401, ["CAFE", "CANA_DE_ACUCAR"], 1),
  m("Uberaba", "MG", -19.748, -47.932, ["SOJA", "CANA_DE_ACUCAR", "PECUARIA_CORTE"], 2),
  m("Patrocínio", "MG", -18.944, -46.992, ["CAFE", "SOJA"], 2),
  m("Unaí", "MG", -16.359, -46.906, ["SOJA", "FEIJAO", "MILHO"], 2),
  m("Paracatu", "MG", -17.222, -46.875, ["SOJA", "FEIJAO"], 1),
  m("Linhares", "ES", -19.391, -40.072, ["CAFE", "FRUTICULTURA"], 1),
];
