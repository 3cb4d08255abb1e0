import { describe, expect, it } from "vitest";
import { newApplicant } from "../../../src/simulate/produtores.js";
import { Prng } from "../../../src/simulate/prng.js";
import { applicantSeed } from "../../../src/simulate/generate.js";

describe("simulated applicants", () => {
  it("have one identity per id, whatever the run seed", () => {
    const a = newApplicant(new Prng(applicantSeed(7)), 7);
    const b = newApplicant(new Prng(applicantSeed(7)), 7);
    const other = newApplicant(new Prng(applicantSeed(8)), 8);
    expect(a).toEqual(b);
    expect(a.proponente_id).toBe("PROP-0000007");
    expect(other.cpf_cnpj).not.toBe(a.cpf_cnpj);
  });
});
