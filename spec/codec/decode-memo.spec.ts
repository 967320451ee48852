import { describe, expect, it } from 'vitest';
import { defaultSerializer } from '../../src/index.js';
import { DecodeMemo } from '../../src/codec/decode-memo.js';

describe('DecodeMemo: decoded values kept by their stored text', () => {
  const stored = defaultSerializer.dumps({ id: 1, tags: ['a'], when: new Date(3), big: 2n });

  it('decodes exactly as the default serializer, every time', () => {
    const memo = new DecodeMemo();
    for (let i = 0; i < 3; i++) expect(memo.loads(stored)).toEqual(defaultSerializer.loads(stored));
    for (const raw of ['42', '!"text"', '!null', 'plain', '!1.5']) expect(memo.loads(raw)).toEqual(defaultSerializer.loads(raw));
  });

  it('hands out a fresh copy each read, so mutating one never reaches the next', () => {
    const memo = new DecodeMemo();
    const first = memo.loads(stored) as { tags: string[]; when: Date };
    first.tags.push('changed');
    first.when.setTime(0);
    const second = memo.loads(stored) as { tags: string[]; when: Date };
    expect(second.tags).toEqual(['a']);
    expect(second.when.getTime()).toBe(3);
    expect(second).not.toBe(first);
  });

  it('stays correct past its size limit', () => {
    const memo = new DecodeMemo();
    for (let i = 0; i < 3000; i++) expect(memo.loads(defaultSerializer.dumps({ i }))).toEqual({ i });
  });

  it('throws on text the serializer cannot read, like loads', () => {
    expect(() => new DecodeMemo().loads('!{broken')).toThrow(SyntaxError);
  });
});
