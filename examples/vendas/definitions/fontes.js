// A fonte operacional: a tabela de vendas do PostgreSQL transacional, lida pelo Trino através do
// catálogo `operacional` (conector PostgreSQL). O schema vem da var `operacional_schema`, para que
// um ambiente (ou um teste) aponte para outro schema com `--vars operacional_schema=...`.
declare({
  database: "operacional",
  schema: dataform.projectConfig.vars.operacional_schema,
  name: "vendas",
  description: "Vendas do sistema transacional (PostgreSQL `operacional`), uma linha por venda; atualizadas no lugar (atualizado_em).",
  columns: {
    id_venda: "Identificador da venda (chave).",
    id_cliente: "Cliente que comprou.",
    data_venda: "Quando a venda foi feita (timestamp sem fuso, horário de Brasília).",
    estado: "UF como digitada no ponto de venda (sujeira: minúsculas, espaços).",
    modalidade: "Canal como gravado pelo sistema (ONLINE, Loja Física, LOJA_FISICA, TELEFONE, MARKETPLACE, em várias grafias).",
    quantidade: "Itens vendidos.",
    preco_unitario: "Preço unitário em R$.",
    status: "CONCLUIDA ou CANCELADA.",
    atualizado_em: "Última alteração da linha no sistema transacional."
  }
});
