/** Brazilian taxpayer ids with valid check digits (Receita Federal's mod-11 rules). */
import type { Prng } from "./prng.js";

function mod11Digit(digits: readonly number[], weights: readonly number[]): number {
  const sum = digits.reduce((s, d, i) => s + d * (weights[i] ?? 0), 0);
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

/** 11 digits: 9 random + 2 check digits (weights 10..2, then 11..2). */
export function cpfFromBase(base: readonly number[]): string {
  const d1 = mod11Digit(base, [10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = mod11Digit([...base, d1], [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  return [...base, d1, d2].join("");
}

/** 14 digits: 8-digit root + branch 0001 + 2 check digits. */
export function cnpjFromRoot(root: readonly number[]): string {
  const base = [...root, 0, 0, 0, 1];
  const d1 = mod11Digit(base, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = mod11Digit([...base, d1], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  return [...base, d1, d2].join("");
}

export function randomCpf(rng: Prng): string {
  for (;;) {
    const base = Array.from({ length: 9 }, () => rng.int(0, 9));
    if (new Set(base).size > 1) return cpfFromBase(base); // 111.111.111-xx and friends are invalid
  }
}

export function randomCnpj(rng: Prng): string {
  return cnpjFromRoot(Array.from({ length: 8 }, () => rng.int(0, 9)));
}

export function isValidCpf(cpf: string): boolean {
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  return cpfFromBase([...cpf.slice(0, 9)].map(Number)) === cpf;
}

export function isValidCnpj(cnpj: string): boolean {
  if (!/^\d{14}$/.test(cnpj)) return false;
  const base = [...cnpj.slice(0, 12)].map(Number);
  const d1 = mod11Digit(base, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = mod11Digit([...base, d1], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  return cnpj === [...base, d1, d2].join("");
}
