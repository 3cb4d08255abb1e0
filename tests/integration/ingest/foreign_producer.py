"""A producer that is not Lakeform's: fastavro + kafka-python, Confluent wire format.

Usage: foreign_producer.py <brokers> <topic> <schema.avsc> <schema-id> <count>
Writes deterministic events the test can check field by field (see ingest-foreign.test.ts).
"""
import io
import json
import struct
import sys
from datetime import datetime, timedelta, timezone

import fastavro
from kafka import KafkaProducer

brokers, topic, schema_file, schema_id, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
with open(schema_file, encoding="utf-8") as f:
    schema = fastavro.parse_schema(json.load(f))

producer = KafkaProducer(bootstrap_servers=brokers.split(","), acks="all")
base = datetime(2025, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc)
for i in range(count):
    event = {
        "proponente_id": f"PY-{i:05d}",
        "data_solicitacao": base + timedelta(minutes=i),
        "cpf_cnpj": "52998224725",
        "nome_razao_social": "Produtor São João d'Aliança",
        "tipo_pessoa": "PF" if i % 2 == 0 else "PJ",
        "renda_bruta_anual_declarada": i * 1.5,
        "valor_solicitado_credito": 1000.25,
        "finalidade_credito": "CUSTEIO",
        "localizacao_propriedade": {"latitude": -14.18, "longitude": -47.51, "municipio": "São João d'Aliança", "uf": "GO"},
        "area_total_hectares": 10.5,
        "cultura_principal": "SOJA",
        "possui_experiencia_atividade": True,
        "anos_experiencia": i % 40,
        "fontes_dados_adicionais": {"serasa_score": i % 1000, "ibama_autuacoes_ativas": False, "numero_matricula_imovel": None},
        # beyond 2^53: must survive without precision loss
        "metadata_evento": {"versao_schema": "1", "origem_dados": "python-fastavro", "timestamp_geracao_evento": 2**53 + i},
    }
    buf = io.BytesIO()
    buf.write(b"\x00" + struct.pack(">I", schema_id))
    fastavro.schemaless_writer(buf, schema, event)
    producer.send(topic, key=event["proponente_id"].encode(), value=buf.getvalue())
producer.flush()
producer.close()
