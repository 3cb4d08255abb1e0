import { createConnection } from "node:net";

/**
 * Ask a Kafka broker for cluster metadata (Metadata v0, no topics = all) over a raw socket and
 * return how many brokers it lists. A broker that answers with ≥ 1 broker has a working KRaft
 * quorum. Raw protocol keeps the stack free of the Kafka client library (that lives behind
 * src/adapters/kafka).
 */
export function kafkaBrokerCount(host: string, port: number, timeoutMs = 3000): Promise<number | undefined> {
  return new Promise((resolve) => {
    const clientId = Buffer.from("lakeform-stack");
    const body = Buffer.alloc(2 + 2 + 4 + 2 + clientId.length + 4);
    let o = 0;
    o = body.writeInt16BE(3, o); // api key: Metadata
    o = body.writeInt16BE(0, o); // api version 0
    o = body.writeInt32BE(1, o); // correlation id
    o = body.writeInt16BE(clientId.length, o);
    o += clientId.copy(body, o);
    body.writeInt32BE(0, o); // topics: empty array → all topics
    const frame = Buffer.concat([Buffer.alloc(4), body]);
    frame.writeInt32BE(body.length, 0);

    let buf = Buffer.alloc(0);
    const done = (v: number | undefined) => {
      sock.destroy();
      resolve(v);
    };
    const sock = createConnection({ host, port }, () => sock.write(frame));
    sock.setTimeout(timeoutMs, () => done(undefined));
    sock.on("error", () => done(undefined));
    sock.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length < 4) return;
      const size = buf.readInt32BE(0);
      if (buf.length < 4 + size) return;
      // response: size, correlation id, brokers array (int32 count, …)
      done(size >= 8 ? buf.readInt32BE(8) : undefined);
    });
  });
}
