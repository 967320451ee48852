import { describe, expect, it } from 'vitest';
import { Cache, runWithRequest } from '../../src/index.js';

/**
 * Oracle: `[query, Python's str(tuple(sorted(request.args.items(multi=True)))), its sha256]`, produced
 * by the real Flask 2.2 / Werkzeug 2.2 / Flask-Caching 2.0.2 on CPython 3.11 (Unicode 14):
 *
 *   with app.test_request_context('/p?' + q):
 *       pairs = list(request.args.items(multi=True))
 *       key = view.make_cache_key((), {}, True)       # a @cache.cached(query_string=True) view
 *   text = str(tuple(sorted(pairs)))
 *   assert key == '/p' + md5(text).hexdigest()        # 2.0.2 hashes exactly this text
 *   assert pairs == parse_qsl(q, keep_blank_values=True)
 *   row = [q, text, sha256(text).hexdigest()]         # 2.5: key_prefix % path + sha256 of the same text
 *
 * The rows avoid characters assigned after Unicode 14, which Python 3.11 escapes as unassigned.
 */
const ORACLE: [string, string, string][] = [
  ["b=2&a=1&a=0", "(('a', '0'), ('a', '1'), ('b', '2'))", '7ae787dc38754b57763f4fbf68f991dd43e8f01c346ec39b529026e9dfa349e2'],
  ["", "()", '2e38e77b22c314a449e91fafed92a43826ac6aa403ae6a8acb6cf58239fbaf5d'],
  ["name=it's", "(('name', \"it's\"),)", '8865720e9450cb5dd12b1a43d77bf2f7f8f569468c9e9c771da02e9f266314d6'],
  ["v=%22", "(('v', '\"'),)", '8049f97b3ea491296c8285c42bfafd8da49f54f194751a00026dad0369f62332'],
  ["v=%27%22", "(('v', '\\'\"'),)", '77759c2f65e3f6f32a406ff65f03f6370435f400a1314b1f1ab074feb81a1a52'],
  ["v=%5C", "(('v', '\\\\'),)", '53ee5c61b03025f5d7d97e2fdbcf567f6662bf70bd48756ad064aa0511b35023'],
  ["v=%0A%0D%09", "(('v', '\\n\\r\\t'),)", 'a92fa8c43d92271bfa335921adce46056068b42b98d6c1ea835b1bd2ed290f56'],
  ["v=%00%1F%7F", "(('v', '\\x00\\x1f\\x7f'),)", '81e2204627f8235c6888c781575bb1650ea603527d2082447b4efc8dcc389db6'],
  ["v=%C2%85", "(('v', '\\x85'),)", '43119c20d8204eca019deda24f40a9af74d60efdb4ef8a1262276a749a4b1e7d'],
  ["v=%C2%A0", "(('v', '\\xa0'),)", '33ed8ac22d59638f67acba53d6af8effadd9927e9d56aaf6c7e4898e8a7a0444'],
  ["v=%C2%AD", "(('v', '\\xad'),)", 'dc794345d188aaa7c741521ee08f7a06eeed532e88000be795dd189b8df76219'],
  ["v=%E2%80%8B", "(('v', '\\u200b'),)", '9ce000e6fe71de3864051114a0ab56f11999b6c91b7379b2de1fdf035c0dc72d'],
  ["v=%E2%80%A8", "(('v', '\\u2028'),)", '72b76eaf0d33ecb8990a60e33f40c42847e15690043069d25886d8a57615488b'],
  ["v=%E2%80%A9", "(('v', '\\u2029'),)", '341d519e14ca8fc22d247a7f9a9be752e78a970c0dd7ba279af197747a5e7191'],
  ["v=%E3%80%80", "(('v', '\\u3000'),)", '18d651010bed3e3e0e715bcf0e9162d8702493806051c7a1a94364f65a1b4220'],
  ["v=%E2%80%8E", "(('v', '\\u200e'),)", 'c5094987458779bfaaf79818460be6fee42674981a8834fe16b89a9b02a7b654'],
  ["v=%EF%BB%BF", "(('v', '\\ufeff'),)", 'e9c4c1120131a07f68be2791d24b7b58d188b26187a70d24ec6c071e1eeff754'],
  ["v=%D8%80", "(('v', '\\u0600'),)", '5fa643f619717c078dd503e6265600447e48bb4289fb0a9db505bae5bb71d4ed'],
  ["v=%EE%80%80", "(('v', '\\ue000'),)", '0f95f9ad5ee66c2d55a4a6983d60d2eb1ecf2ded35ba009c88d36f735e5433a1'],
  ["v=%CD%B8", "(('v', '\\u0378'),)", '0adc073e5839d37b62f8199f92fe193f186e0b20adb800e292a9871d69933b3f'],
  ["v=%EF%BF%BF", "(('v', '\\uffff'),)", '7e7ee5e820aa21bc7d94ef5adf7e9b63e10fb6d8daffb62ce904173c1432b4ee'],
  ["v=%F4%8F%BF%BF", "(('v', '\\U0010ffff'),)", '14c78585a891bc478a11c671097c515aa651f56cf85779387bb2c2096d94dc6d'],
  ["v=%F3%A0%80%81", "(('v', '\\U000e0001'),)", '497b742d6e1fce6464fc1a063cda5828d4b0f54b471845fa205cf134e2091490'],
  ["v=%F0%9F%98%80", "(('v', '😀'),)", '7c09f9a741f0fb277c1f6130423b9c74407151eb0ae999daaafa281eb4024e35'],
  ["v=e%CC%81", "(('v', 'é'),)", '271367229dc2a9cc2fb703488ac20eb59ea14c22b743743dd78b0d62543a290b'],
  ["v=a+b", "(('v', 'a b'),)", '8c12b3a585615d7d41d64294fe0f052cf635919a5598073b8e2335b653cdbb11'],
  ["v=%C3%A9", "(('v', 'é'),)", 'd50c382ecff4e762345c7108cf930ee4d70da537cfc230a017d63daba40a6f4e'],
  ["a=%EF%BD%9E&a=%F0%9F%98%80", "(('a', '～'), ('a', '😀'))", '6a10e8365fce67f18193d89327b4cab3133a4093516cc3f838f2860310affa54'],
  ["a=%EF%BF%BD&a=%F0%90%80%80", "(('a', '�'), ('a', '𐀀'))", '85e221777ffe789e278acf3828010ad2c17928345eacdc4223b33a43cef9497d'],
  ["%F0%9F%98%80=1&%EF%BD%9E=2", "(('～', '2'), ('😀', '1'))", '7fbbc33b9cdab4a15f2c76a410789f84a044ad9df9776fad1f1bdabcf0ddd3ff'],
  ["v=%FF", "(('v', '�'),)", '477694f0625e8226aa5084ade9204cece15716c92845603521f5b99ee1ca1a08'],
  ["v=%E2%82", "(('v', '�'),)", '477694f0625e8226aa5084ade9204cece15716c92845603521f5b99ee1ca1a08'],
  ["v=%ED%A0%80", "(('v', '���'),)", 'd77a8a46b33802965a1f181486879036362a7b9c95c39a625caad074254951ca'],
  ["a&b=&=c", "(('', 'c'), ('a', ''), ('b', ''))", '6732cada1d7357141f40ef131bfc95cb5afaa85d7588c973013f9740075e62c2'],
  ["a=1&a=1", "(('a', '1'), ('a', '1'))", '1976a3a257a5afa057c0b53210dcf039d885c076c245fcc9b30e5d6f07bb7bc9'],
  ["%C3%A9=1&e=2", "(('e', '2'), ('é', '1'))", '3ab455418739ab9494b11e65673e866b6c2427f558646f76910c3f5acf1dfc51'],
  ["a=%zz", "(('a', '%zz'),)", '7aa63ff945a6a0fb5e9c2c95bffcdd38471867c9a9a7fd14984b38262b9d05ca'],
  ["a;b=1&c=2", "(('a;b', '1'), ('c', '2'))", '82ce977d02c961ae66e19a94c91931aeb79acd367a03d5c25ec5a7e9aa73295a'],
  ["v=%F0%9F%98%80%C2%A0x", "(('v', '😀\\xa0x'),)", '3b0902e4f207207d2c688c4b44d137cc36259848e7cc07e9c1c93be9e98c3335'],
  ["v=%E1%9A%80", "(('v', '\\u1680'),)", 'f858d25669450667a646a0a1a050db73717dc7c5bbc776e34ea1f187ce5a1e01'],
  ["v=%F3%B0%80%80", "(('v', '\\U000f0000'),)", '8acbda9ee024570a648559c4d774023a61c76ed708fa4b02f48141ad2fe5e85b'],
];

describe('query-string keys equal Flask-Caching 2.5 byte for byte', () => {
  const cache = new Cache({ type: 'SimpleCache' });
  const view = cache.cached({ queryString: true })(async function oracleView() {
    return 'page';
  });

  it.each(ORACLE)('?%s hashes %s', async (query, _python, sha256) => {
    const key = await runWithRequest({ path: '/p', query }, () => view.makeCacheKey(undefined));
    expect(key).toBe(`view//p${sha256}`);
  });

  it('deleteCached(fn, { queryArgs }) finds the entry a request with the same query stored', async () => {
    const query = 'a=%EF%BD%9E&a=%F0%9F%98%80&v=%C2%A0';
    await runWithRequest({ path: '/p', query }, () => view());
    expect(await cache.deleteCached(view, { path: '/p', queryArgs: query })).toBe(true);
  });
});
