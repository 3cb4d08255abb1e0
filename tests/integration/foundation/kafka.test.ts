import { Kafka, logLevel } from "kafkajs";
import { describe, expect, it } from "vitest";
import { connections, uniqueName } from "../helpers.js";

describe("Kafka on the native stack", () => {
  it("produces and consumes 1,000 messages", async () => {
    const kafka = new Kafka({ clientId: "lakeform-it", brokers: [...connections().kafka.brokers], logLevel: logLevel.NOTHING });
    const topic = uniqueName("it_found_topic");
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: 1000 }, (_, i) => ({ key: `k${i % 17}`, value: `message-${i}` }));
    for (let i = 0; i < messages.length; i += 250) await producer.send({ topic, messages: messages.slice(i, i + 250) });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName("it_found_group") });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${seen.size} of 1000 messages consumed`)), 60_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.add(message.value?.toString() ?? "");
          if (seen.size === 1000) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
    expect(seen.size).toBe(1000);
    expect(seen.has("message-0") && seen.has("message-999")).toBe(true);
  });
});
