/** Which decorator semantics this spec run was compiled with: TC39 Stage-3, or TypeScript's legacy `experimentalDecorators`. */
export type DecoratorMode = 'stage3' | 'legacy';

let seen: DecoratorMode | undefined;

function probe(_target: unknown, context: unknown): void {
  seen = typeof context === 'object' && context !== null ? 'stage3' : 'legacy';
}

class Probe {
  @probe
  m(): void {}
}
void Probe;

/** The decorator mode of this run (the vitest project `legacy` compiles the decorator specs with experimentalDecorators). */
export const decoratorMode: DecoratorMode = seen ?? 'stage3';
