import { type DOCUMENT_TYPES, lastDayOfMonth, MONTH_NAMES } from '../../db/corpus.js';

/**
 * A synthetic corpus in the import format (JSONL), for benchmarks and load tests. Everything
 * comes from one seeded generator, so a seed always gives the same bytes. Every key starts
 * with `synthetic-` and every document says it is synthetic in its rights statement: these
 * records must never be mistaken for, or mixed into, the archive's real corpus.
 *
 * The shape imitates a real archive: correspondents follow a Zipf law (a few write and receive
 * most documents, a long tail appears once or twice), topics form a tree four levels deep,
 * dates run 1945-1991 at DAY, MONTH, YEAR and RANGE precision with some undated, names carry
 * diacritics and original scripts of several languages, and text draws words with Zipfian
 * frequencies.
 */
export interface GenerateOptions {
  documents: number;
  seed: number;
  /** People in the corpus; default one per 20 documents (at least 50). */
  people?: number;
}

/** sfc32 seeded through splitmix32: small, fast and well distributed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  const splitmix = () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1)^s. */
function zipf(n: number, s: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / (i + 1) ** s;
    cumulative[i] = total;
  }
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Given names and surnames by language; each with the original script where it differs. */
const NAME_POOLS: Record<string, { given: [string, string?][]; family: [string, string?][] }> = {
  ru: {
    given: [
      ['Aleksandr', 'Александр'],
      ['Nikolai', 'Николай'],
      ['Vyacheslav', 'Вячеслав'],
      ['Andrei', 'Андрей'],
      ['Terentii', 'Терентий'],
      ['Pyotr', 'Пётр'],
      ['Fyodor', 'Фёдор'],
      ['Semyon', 'Семён'],
      ['Yelena', 'Елена'],
      ['Nadezhda', 'Надежда'],
    ],
    family: [
      ['Ivanov', 'Иванов'],
      ['Kuznetsov', 'Кузнецов'],
      ['Smirnov', 'Смирнов'],
      ['Vasilyev', 'Васильев'],
      ['Zakharov', 'Захаров'],
      ['Korolyov', 'Королёв'],
      ['Belyayev', 'Беляев'],
      ['Gromyko', 'Громыко'],
      ['Yudin', 'Юдин'],
      ['Shcherbakov', 'Щербаков'],
    ],
  },
  zh: {
    given: [
      ['Zhìmíng', '志明'],
      ['Wěi', '伟'],
      ['Xiùlán', '秀兰'],
      ['Jiànguó', '建国'],
      ['Lìhuá', '丽华'],
      ['Dézhōng', '德忠'],
    ],
    family: [
      ['Wáng', '王'],
      ['Lǐ', '李'],
      ['Zhāng', '张'],
      ['Liú', '刘'],
      ['Chén', '陈'],
      ['Zhōu', '周'],
      ['Gāo', '高'],
    ],
  },
  ko: {
    given: [
      ['Sŏng-ch’ŏl', '성철'],
      ['Yŏng-ho', '영호'],
      ['Chŏng-suk', '정숙'],
      ['Tong-gyu', '동규'],
      ['Hŭi-sun', '희순'],
    ],
    family: [
      ['Pak', '박'],
      ['Kim', '김'],
      ['Ch’oe', '최'],
      ['Yi', '이'],
      ['Hŏ', '허'],
      ['Chŏng', '정'],
    ],
  },
  pl: {
    given: [['Łukasz'], ['Małgorzata'], ['Józef'], ['Stanisław'], ['Wiesław'], ['Bożena']],
    family: [['Wójcik'], ['Zieliński'], ['Kowalczyk'], ['Dąbrowski'], ['Łoś'], ['Wiśniewski']],
  },
  cs: {
    given: [['Čeněk'], ['Jiří'], ['Růžena'], ['Bedřich'], ['Zdeněk']],
    family: [['Dvořák'], ['Novotný'], ['Procházka'], ['Černý'], ['Kučera']],
  },
  de: {
    given: [['Jürgen'], ['Günther'], ['Käthe'], ['Walter'], ['Hans-Jürgen']],
    family: [['Müller'], ['Schäfer'], ['Groß'], ['Köhler'], ['Weiß']],
  },
  hu: {
    given: [['Gábor'], ['Zoltán'], ['Erzsébet'], ['László'], ['Ödön']],
    family: [['Szőke'], ['Kovács'], ['Tóth'], ['Nagy'], ['Horváth']],
  },
  fr: {
    given: [['François'], ['Hélène'], ['Jérôme'], ['Geneviève'], ['André']],
    family: [['Lefèvre'], ['Moreau'], ['Bérard'], ['Girard'], ['Faure']],
  },
  vi: {
    given: [['Văn Đồng'], ['Thị Hương'], ['Quang Huy'], ['Đức Thắng']],
    family: [['Nguyễn'], ['Trần'], ['Lê'], ['Phạm'], ['Hoàng']],
  },
};
const LANGUAGES = Object.keys(NAME_POOLS);
/** Family name first in these languages. */
const FAMILY_FIRST = new Set(['zh', 'ko', 'vi']);

const ORGANIZATION_HEADS = [
  'Ministry of Foreign Affairs',
  'General Staff',
  'Central Committee',
  'Embassy',
  'Trade Mission',
  'Military Attaché Office',
  'Council of Ministers',
  'Intelligence Directorate',
  'Press Department',
  'Consulate General',
];
const PLACES = [
  'Moscow',
  'Beijing',
  'Pyongyang',
  'Warszawa',
  'Praha',
  'Berlin',
  'Budapest',
  'Paris',
  'Hà Nội',
  'Shanghai',
  'Vladivostok',
  'Kraków',
  'Brno',
  'Leipzig',
  'Debrecen',
  'Lyon',
  'Kaesŏng',
  'Harbin',
];

/** Words of archival prose, most frequent first; drawn with Zipfian frequencies. */
const VOCABULARY = `the of and to in on that for with by from as is was at this it be are which report
government delegation meeting question party committee minister comrade proposal military agreement
question position request support troops situation forces embassy telegram information decision plan
not have has were will would should their our they his its an or also all after before during under
between against about following received sent further present regarding concerning instructions
negotiations talks conference treaty aid assistance supplies equipment transport railway port aircraft
division regiment army navy border front line withdrawal advance offensive defence security police
economic trade credit loan grain coal steel oil machinery factory production workers peasants harvest
reform policy congress plenum resolution directive memorandum note letter cable draft text copy
secret urgent personal confidential reply answer response statement declaration communique press
newspaper radio broadcast propaganda campaign elections union federation republic people state nation
central provincial district city village region area zone sector coast island river mountain north
south east west foreign internal domestic international western socialist capitalist imperialist allied
friendly hostile neutral bilateral multilateral soviet chinese korean polish czechoslovak hungarian
german french vietnamese american british japanese leadership chairman secretary ambassador consul
attache officer commander general colonel adviser specialist expert representative envoy official
month week day year time period date arrival departure visit journey stay return question matters
issue problem difficulty measures steps action work tasks results progress course development
relations cooperation friendship unity struggle peace war armistice ceasefire prisoners refugees
casualties losses reserves reinforcements training exercises manoeuvres intelligence sources
reports estimates figures numbers data documents archives files records list schedule budget
cost payment deliveries shipment cargo vessels trains trucks fuel ammunition weapons tanks guns
artillery aviation fleet base airfield headquarters staff units personnel cadres students teachers`
  .split(/\s+/)
  .filter(Boolean);

const DOC_TYPE_WEIGHTS: Record<(typeof DOCUMENT_TYPES)[number], number> = {
  TELEGRAM: 22,
  CIPHERED_TELEGRAM: 14,
  CABLE: 10,
  LETTER: 14,
  REPORT: 12,
  MEMORANDUM: 9,
  MINUTES: 6,
  DIRECTIVE: 4,
  DIARY: 2,
  NOTE: 5,
  OTHER: 2,
};
const DOC_TYPE_LABELS: Record<string, string> = {
  TELEGRAM: 'Telegram',
  CIPHERED_TELEGRAM: 'Ciphered telegram',
  CABLE: 'Cable',
  LETTER: 'Letter',
  REPORT: 'Report',
  MEMORANDUM: 'Memorandum',
  MINUTES: 'Minutes of conversation',
  DIRECTIVE: 'Directive',
  DIARY: 'Diary entry',
  NOTE: 'Note',
  OTHER: 'Document',
};
const TOPIC_ROOTS = [
  'Diplomacy',
  'Military affairs',
  'Economy and trade',
  'Intelligence',
  'Party affairs',
  'Culture and propaganda',
];
const TOPIC_QUALIFIERS = [
  'bilateral talks',
  'treaties',
  'personnel',
  'logistics',
  'planning',
  'assessments',
  'exchanges',
  'crises',
  'training',
  'supplies',
  'negotiations',
  'reports',
];

function stripDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[Łł]/g, (c) => (c === 'Ł' ? 'L' : 'l'))
    .replace(/[’]/g, '')
    .replace(/[Đđ]/g, (c) => (c === 'Đ' ? 'D' : 'd'));
}

/** JSON lines of a synthetic corpus: topics, then people, then documents. */
export function* generateCorpus({ documents, seed, people }: GenerateOptions): Generator<string> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const chance = (p: number) => random() < p;
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const line = (record: Record<string, unknown>) => `${JSON.stringify(record)}\n`;

  // Topic tree: 6 roots, 4 children each, 3 grandchildren each, and a fourth level under some.
  const topicKeys: string[] = [];
  for (const [r, root] of TOPIC_ROOTS.entries()) {
    const rootKey = `synthetic-topic-${r + 1}`;
    topicKeys.push(rootKey);
    yield line({
      type: 'topic',
      key: rootKey,
      name: root,
      description: `Synthetic topic: ${root.toLowerCase()}.`,
    });
    for (let c = 1; c <= 4; c++) {
      const childKey = `${rootKey}-${c}`;
      const childName = `${root}: ${pick(TOPIC_QUALIFIERS)}`;
      topicKeys.push(childKey);
      yield line({ type: 'topic', key: childKey, name: childName, parent: rootKey });
      for (let g = 1; g <= 3; g++) {
        const grandKey = `${childKey}-${g}`;
        const grandName = `${childName}, ${pick(TOPIC_QUALIFIERS)}`;
        topicKeys.push(grandKey);
        yield line({ type: 'topic', key: grandKey, name: grandName, parent: childKey });
        if (chance(0.4)) {
          for (let l = 1; l <= 2; l++) {
            const leafKey = `${grandKey}-${l}`;
            topicKeys.push(leafKey);
            yield line({
              type: 'topic',
              key: leafKey,
              name: `${grandName} (${pick(PLACES)})`,
              parent: grandKey,
            });
          }
        }
      }
    }
  }

  // People: the rank of a person is their index, so rank 0 is the most prolific.
  const personCount = people ?? Math.max(50, Math.round(documents / 20));
  const width = String(personCount).length;
  const personName: string[] = [];
  const personLanguage: string[] = [];
  const personAlternates: string[][] = [];
  for (let i = 0; i < personCount; i++) {
    const language = pick(LANGUAGES);
    const pool = NAME_POOLS[language]!;
    const key = `synthetic-person-${String(i + 1).padStart(width, '0')}`;
    const alternateNames: { name: string; type: string; language?: string }[] = [];
    let name: string;
    let kind = 'PERSON';
    if (chance(0.12)) {
      kind = 'ORGANIZATION';
      name = `${pick(ORGANIZATION_HEADS)} (${pick(PLACES)}) ${i + 1}`;
    } else {
      const [given, givenScript] = pick(pool.given);
      const [family, familyScript] = pick(pool.family);
      const familyFirst = FAMILY_FIRST.has(language);
      name = familyFirst ? `${family} ${given}` : `${given} ${family}`;
      if (givenScript && familyScript && chance(0.6)) {
        const script = language === 'ru' ? `${givenScript} ${familyScript}` : `${familyScript}${givenScript}`;
        alternateNames.push({ name: script, type: 'ORIGINAL_SCRIPT', language });
      }
      const plain = stripDiacritics(name);
      if (plain !== name && chance(0.5)) alternateNames.push({ name: plain, type: 'TRANSLITERATION' });
      if (chance(0.08))
        alternateNames.push({
          name: `${family.slice(0, -1)}${family.slice(-1).repeat(2)}`,
          type: 'MISSPELLING',
        });
      if (chance(0.05)) alternateNames.push({ name: `“${pick(VOCABULARY)}”`, type: 'PSEUDONYM' });
    }
    personName.push(name);
    personLanguage.push(language);
    personAlternates.push(alternateNames.map((n) => n.name));
    const seenNames = new Set<string>();
    const record: Record<string, unknown> = {
      type: 'person',
      key,
      name,
      kind,
      description: chance(0.5)
        ? `Synthetic ${kind === 'PERSON' ? 'official' : 'body'} (${language})`
        : undefined,
    };
    if (kind === 'PERSON' && chance(0.4)) {
      record.birthYear = between(1880, 1930);
      if (chance(0.7)) record.deathYear = (record.birthYear as number) + between(40, 90);
    }
    record.alternateNames = alternateNames.filter((n) => !seenNames.has(n.name) && seenNames.add(n.name));
    yield line(record);
  }
  const personKey = (rank: number) => `synthetic-person-${String(rank + 1).padStart(width, '0')}`;

  const drawPerson = zipf(personCount, 1.05, random);
  const drawTopic = zipf(topicKeys.length, 0.9, random);
  const drawWord = zipf(VOCABULARY.length, 1.07, random);
  const docTypes = Object.entries(DOC_TYPE_WEIGHTS).flatMap(([type, weight]) => Array(weight).fill(type));
  const words = (min: number, max: number) => {
    const n = between(min, max);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(VOCABULARY[drawWord()]!);
    const text = out.join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };
  const docWidth = String(documents).length;

  for (let n = 1; n <= documents; n++) {
    const docType = pick(docTypes) as string;
    // Dates cluster in the early 1950s, as the archive's holdings do, over a 1945-1991 spread.
    const year = chance(0.35) ? between(1949, 1953) : between(1945, 1991);
    const month = between(1, 12);
    const lastDay = Number(lastDayOfMonth(year, month).slice(8));
    const day = between(1, lastDay);
    const mm = String(month).padStart(2, '0');
    const dd = String(day).padStart(2, '0');
    const roll = random();
    let date: Record<string, unknown>;
    if (roll < 0.7)
      date = {
        dateText: chance(0.5)
          ? `${MONTH_NAMES[month - 1]} ${day}, ${year}`
          : `${day} ${MONTH_NAMES[month - 1]} ${year}`,
        dateStart: `${year}-${mm}-${dd}`,
        dateEnd: `${year}-${mm}-${dd}`,
        datePrecision: 'DAY',
      };
    else if (roll < 0.82)
      date = {
        dateText: `${MONTH_NAMES[month - 1]} ${year}`,
        dateStart: `${year}-${mm}-01`,
        dateEnd: lastDayOfMonth(year, month),
        datePrecision: 'MONTH',
      };
    else if (roll < 0.88)
      date = {
        dateText: String(year),
        dateStart: `${year}-01-01`,
        dateEnd: `${year}-12-31`,
        datePrecision: 'YEAR',
      };
    else if (roll < 0.92) {
      const endDay = Math.min(lastDay, day + between(1, 6));
      date = {
        dateText: `${MONTH_NAMES[month - 1]} ${day}-${endDay}, ${year}`,
        dateStart: `${year}-${mm}-${dd}`,
        dateEnd: `${year}-${mm}-${String(endDay).padStart(2, '0')}`,
        datePrecision: 'RANGE',
      };
    } else date = { dateText: chance(0.5) ? 'Undated' : undefined, datePrecision: 'UNDATED' };

    const links: { person: string; role: string; nameAsWritten?: string }[] = [];
    const used = new Set<string>();
    const addLink = (role: string) => {
      const rank = drawPerson();
      if (used.has(`${rank}:${role}`)) return undefined;
      used.add(`${rank}:${role}`);
      const alternates = personAlternates[rank]!;
      const nameAsWritten =
        alternates.length && chance(0.2)
          ? pick(alternates)
          : chance(0.3)
            ? `Cde. ${personName[rank]}`
            : personName[rank];
      links.push({ person: personKey(rank), role, nameAsWritten });
      return rank;
    };
    const author = addLink('AUTHOR')!;
    if (chance(0.1)) addLink('AUTHOR');
    const recipientCount = chance(0.1) ? 0 : chance(0.8) ? 1 : 2;
    let recipient: number | undefined;
    for (let i = 0; i < recipientCount; i++) recipient ??= addLink('RECIPIENT');
    for (let i = between(0, 3); i > 0; i--) addLink('MENTIONED');
    if (chance(0.03)) addLink('INTERMEDIARY');

    const topics = new Set<string>();
    for (let i = between(1, 3); i > 0; i--) topics.add(topicKeys[drawTopic()]!);
    const languages = [personLanguage[author]!];
    if (chance(0.1)) languages.push(pick(LANGUAGES));

    const record: Record<string, unknown> = {
      type: 'document',
      slug: `synthetic-doc-${String(n).padStart(docWidth, '0')}`,
      title: `${DOC_TYPE_LABELS[docType]}, ${personName[author]}${recipient !== undefined ? ` to ${personName[recipient]}` : ''}`,
      docType,
      summary: words(12, 60),
      body: chance(0.2) ? words(60, 240) : undefined,
      ...date,
      originPlace: chance(0.6) ? pick(PLACES) : undefined,
      destinationPlace: chance(0.5) ? pick(PLACES) : undefined,
      sourceArchive: `Synthetic Archive ${between(1, 6)}`,
      sourceCitation: `Fond ${between(1, 99)}, Opis ${between(1, 20)}, Delo ${between(1, 900)}, Listy ${between(1, 300)}`,
      rights: 'Synthetic record generated for testing; not a historical document.',
      languages: [...new Set(languages)],
      people: links,
      topics: [...topics],
    };
    yield line(record);
  }
}
