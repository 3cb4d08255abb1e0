-- Vendas simuladas no banco operacional (PostgreSQL `operacional`, catálogo Trino `operacional`).
-- Determinístico: cada linha vem do hash xxhash64 de 'vendas-001:<id>', então rodar de novo gera
-- exatamente as mesmas 20 000 vendas (só `atualizado_em` muda: a hora da geração). Sujeira de
-- propósito, como num sistema transacional real: UF em minúsculas e com espaços, modalidade
-- escrita de três jeitos, ~5 % de vendas canceladas. Rode com `lakeform sql --file gerador/vendas.sql`.
CREATE SCHEMA IF NOT EXISTS operacional.vendas;

DROP TABLE IF EXISTS operacional.vendas.vendas;

CREATE TABLE operacional.vendas.vendas AS
WITH h AS (
  SELECT i, bitwise_and(from_big_endian_64(xxhash64(to_utf8('vendas-001:' || CAST(i AS varchar)))), 9223372036854775807) AS h
  -- sequence() stops at 10 000 entries: 200 × 100 ids.
  FROM (SELECT x * 100 + y AS i FROM UNNEST(sequence(0, 199)) AS a (x) CROSS JOIN UNNEST(sequence(1, 100)) AS b (y))
)
SELECT
  CAST(i AS bigint) AS id_venda,
  CAST(1000 + h % 3000 AS bigint) AS id_cliente,
  date_add('second', CAST(h / 3 % 31536000 AS integer), TIMESTAMP '2025-01-01 00:00:00') AS data_venda,
  element_at(ARRAY['SP', 'sp', ' SP', 'RJ', 'rj ', 'MG', 'RS', 'PR', 'BA', 'CE', 'PE', 'SC', 'GO', 'DF', 'ES'], CAST(h / 7 % 15 AS integer) + 1) AS estado,
  element_at(ARRAY['ONLINE', 'online', 'Loja Física', 'LOJA_FISICA', 'TELEFONE', 'MARKETPLACE', 'marketplace'], CAST(h / 11 % 7 AS integer) + 1) AS modalidade,
  CAST(1 + h / 13 % 5 AS integer) AS quantidade,
  CAST(5 + CAST(h / 17 % 99500 AS decimal(10, 2)) / 100 AS decimal(10, 2)) AS preco_unitario,
  IF(h / 19 % 20 = 0, 'CANCELADA', 'CONCLUIDA') AS status,
  CAST(current_timestamp AS timestamp(3)) AS atualizado_em
FROM h
