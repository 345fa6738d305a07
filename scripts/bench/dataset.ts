import type postgres from "postgres";
import { seededRandom, shuffled } from "../../lib/random";
import { Progress, compact, duration, grouped, log, timed } from "./format";

/**
 * The benchmark dataset, generated with set-based SQL in chunks:
 *
 * - papers: ids in the order they were added, added over the last 90 days with more papers
 *   recently (the daily rate grows linearly to 3× the oldest day's);
 * - votes per paper: Zipf-like (weight rank^-0.8, ranks shuffled over the papers), so a few
 *   papers get hundreds of thousands of votes and the median paper a few dozen; a paper's
 *   votes follow its addition with a 2-day decay, so recent days are the busiest;
 * - weights: 85 % 1.0, 5 % 0.25 (young GitHub accounts), 10 % anywhere in [0, 1];
 * - voters: the k-th vote on paper p is cast by user (p·A + k·B) mod U, with B prime to U:
 *   for one paper, k ↦ user is injective while k < U, so (user, paper) pairs never collide
 *   as long as a paper has at most U votes. Doubling uses k in [n, 2n), so no paper may get
 *   more than U/2 votes (the plan caps it and hands the excess to the others).
 */

const DAY_S = 24 * 60 * 60;
const HISTORY_DAYS = 90;
const DECAY_S = 2 * DAY_S;
const ZIPF_EXPONENT = 0.8;
const PAPER_STRIDE = 7919;
const SEED = 20_261_127;

export interface DatasetSize {
  papers: number;
  users: number;
  votes: number;
}

export function datasetSize(scale: number): DatasetSize {
  return {
    papers: Math.max(20, Math.round(100_000 * scale)),
    users: Math.max(200, Math.round(1_000_000 * scale)),
    votes: Math.max(2_000, Math.round(10_000_000 * scale)),
  };
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** A multiplier prime to the user count: k ↦ k·B mod U is then a bijection. */
function userStride(users: number): number {
  const stride = [1_000_003, 999_983, 104_729, 7_919, 7].find(
    (prime) => gcd(prime, users) === 1 && prime % users !== 0,
  );
  if (!stride) throw new Error(`no stride prime to ${users}`);
  return stride;
}

export interface Plan {
  size: DatasetSize;
  /** Votes actually planned (equals size.votes unless the per-paper cap made it impossible). */
  votes: number;
  maxVotesPerPaper: number;
  medianVotesPerPaper: number;
  userWidth: number;
  userStride: number;
}

/** Vote counts per paper (index 0 = paper 1): Zipf weights, capped at U/2, summing exactly. */
function voteCounts(size: DatasetSize, random: () => number): number[] {
  const cap = Math.floor(size.users / 2);
  const total = Math.min(size.votes, cap * size.papers);
  const weights = Array.from({ length: size.papers }, (_, rank) => (rank + 1) ** -ZIPF_EXPONENT);
  const shares = new Array<number>(size.papers).fill(0);
  const capped = new Set<number>();
  // Water-filling: papers whose share exceeds the cap get the cap; the rest share the remainder.
  for (;;) {
    const remaining = total - capped.size * cap;
    let weightSum = 0;
    for (let i = 0; i < size.papers; i++) if (!capped.has(i)) weightSum += weights[i]!;
    let changed = false;
    for (let i = 0; i < size.papers; i++) {
      if (capped.has(i)) continue;
      shares[i] = (remaining * weights[i]!) / weightSum;
      if (shares[i]! > cap) {
        capped.add(i);
        shares[i] = cap;
        changed = true;
      }
    }
    if (!changed) break;
  }
  // Largest remainder rounding, so that the counts sum to exactly `total`.
  const counts = shares.map((share) => Math.floor(share));
  let missing = total - counts.reduce((sum, count) => sum + count, 0);
  const byRemainder = shares
    .map((share, index) => ({ index, remainder: share - Math.floor(share) }))
    .sort((a, b) => b.remainder - a.remainder);
  for (const { index } of byRemainder) {
    if (missing <= 0) break;
    if (counts[index]! < cap) {
      counts[index]! += 1;
      missing -= 1;
    }
  }
  // Popularity is independent of the paper's age: shuffle ranks over the papers.
  return shuffled(random, counts);
}

/**
 * Writes bench_plan (paper_id, n, start, age_s, c): each paper's vote count, the index of
 * its first vote in the global vote sequence, its age in seconds and 1 − e^(−age/τ) (for
 * drawing its votes' delays from a truncated exponential).
 */
async function writePlan(sql: postgres.Sql, size: DatasetSize): Promise<Plan> {
  const random = seededRandom(SEED);
  // Ages: density ∝ 3 − 2x over x = age/90 days (3× as many papers today as 90 days ago).
  const ages = Array.from({ length: size.papers }, () => {
    const h = random();
    const x = (3 - Math.sqrt(9 - 8 * h)) / 2;
    return Math.max(60, Math.round(x * HISTORY_DAYS * DAY_S));
  }).sort((a, b) => b - a);
  const counts = voteCounts(size, random);
  const starts: number[] = [];
  let start = 0;
  for (const count of counts) {
    starts.push(start);
    start += count;
  }
  const ids = counts.map((_, index) => index + 1);
  const pgArray = (values: number[]) => `{${values.join(",")}}`;
  await sql`drop table if exists bench_plan`;
  await sql`create unlogged table bench_plan (paper_id int primary key, n int not null, start bigint not null, age_s float8 not null, c float8 not null)`;
  await sql`
    insert into bench_plan (paper_id, n, start, age_s, c)
    select id, n, start, age_s, 1 - exp(-age_s / ${DECAY_S}::float8)
    from unnest(${pgArray(ids)}::int[], ${pgArray(counts)}::int[], ${pgArray(starts)}::bigint[], ${pgArray(ages)}::float8[]) as t(id, n, start, age_s)`;
  const sorted = [...counts].sort((a, b) => a - b);
  return {
    size,
    votes: start,
    maxVotesPerPaper: sorted.at(-1) ?? 0,
    medianVotesPerPaper: sorted[Math.floor(sorted.length / 2)] ?? 0,
    userWidth: String(size.users).length,
    userStride: userStride(size.users),
  };
}

const WORDS = [
  "learning",
  "neural",
  "graph",
  "attention",
  "diffusion",
  "sparse",
  "bayesian",
  "quantum",
  "robust",
  "efficient",
  "scaling",
  "transformer",
  "optimal",
  "stochastic",
  "convex",
  "causal",
  "language",
  "vision",
  "reinforcement",
  "policy",
  "kernel",
  "manifold",
  "spectral",
  "variational",
  "generative",
  "contrastive",
  "federated",
  "adversarial",
  "symbolic",
  "temporal",
  "inference",
  "estimation",
  "networks",
  "models",
  "representations",
  "gradients",
  "bounds",
  "dynamics",
  "geometry",
  "agents",
];
const FIRST_NAMES = [
  "Ada",
  "Alan",
  "Grace",
  "Emmy",
  "Kurt",
  "Sofia",
  "Niels",
  "Marie",
  "Paul",
  "Lise",
  "Hedy",
  "John",
  "Barbara",
  "Claude",
  "Katherine",
  "Edsger",
  "Frances",
  "Donald",
  "Radia",
  "Yoshua",
  "Daphne",
  "Leslie",
  "Shafi",
  "Judea",
];
const LAST_NAMES = [
  "Lovelace",
  "Turing",
  "Hopper",
  "Noether",
  "Godel",
  "Kovalevskaya",
  "Bohr",
  "Curie",
  "Dirac",
  "Meitner",
  "Ramanujan",
  "Lamarr",
  "Neumann",
  "Liskov",
  "Shannon",
  "Johnson",
  "Dijkstra",
  "Allen",
  "Knuth",
  "Perlman",
  "Bengio",
  "Koller",
  "Lamport",
  "Goldwasser",
  "Pearl",
];
const ABSTRACT_POOL = 997;
const CATEGORIES = [
  "cs.LG",
  "cs.CL",
  "cs.CV",
  "stat.ML",
  "cs.AI",
  "math.OC",
  "quant-ph",
  "cs.DS",
  "physics.comp-ph",
  "q-bio.NC",
];

/** The SQL expression of the id of user number `index` (1-based). */
function userIdSql(plan: Plan, index: string): string {
  return `'u' || lpad((${index})::text, ${plan.userWidth}, '0')`;
}

/** The voter of the k-th vote on paper pl.paper_id (k may be ≥ n for the doubled votes). */
function voterSql(plan: Plan, k: string): string {
  return userIdSql(
    plan,
    `((pl.paper_id::bigint * ${PAPER_STRIDE} + (${k})::bigint * ${plan.userStride}) % ${plan.size.users}) + 1`,
  );
}

const WEIGHT_SQL = `(case when random() < 0.85 then 1 when random() < 0.33 then 0.25 else round(random()::numeric, 3) end)::real`;

async function insertUsers(sql: postgres.Sql, plan: Plan, now: string): Promise<void> {
  const chunk = 100_000;
  const progress = new Progress("users", plan.size.users);
  for (let first = 1; first <= plan.size.users; first += chunk) {
    const last = Math.min(plan.size.users, first + chunk - 1);
    await sql.unsafe(
      `insert into users (id, name, github_login, github_id, github_created_at, created_at)
       select ${userIdSql(plan, "n")}, 'User ' || n, 'user' || lpad(n::text, ${plan.userWidth}, '0'), 100000000 + n,
              $1::timestamptz - make_interval(days => (400 + (n::bigint * 7919) % 3000)::int),
              $1::timestamptz - make_interval(days => (1 + (n::bigint * 104729) % 720)::int)
       from generate_series($2::int, $3::int) as n`,
      [now, first, last],
    );
    progress.update(last);
  }
  progress.finish();
}

/** A constant text[] literal (the values are our own constants). */
function textArray(values: string[]): string {
  return `array[${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(",")}]::text[]`;
}

async function insertPapers(sql: postgres.Sql, plan: Plan, now: string): Promise<void> {
  const chunk = 20_000;
  const progress = new Progress("papers", plan.size.papers);
  const word = (expression: string) => `(${textArray(WORDS)})[1 + (${expression}) % ${WORDS.length}]`;
  const category = (expression: string) => `(${textArray(CATEGORIES)})[1 + (${expression}) % ${CATEGORIES.length}]`;
  // ~800-character abstracts from a pool (building one per paper word by word costs a minute).
  await sql.unsafe(`drop table if exists bench_abstracts`);
  await sql.unsafe(
    `create temp table bench_abstracts as
     select i, initcap(array_to_string(array(select ${word("i * 7 + g * 13 + (g * g * (i + 1)) % 17")} from generate_series(1, 110) as g), ' ')) || '.' as text
     from generate_series(0, ${ABSTRACT_POOL - 1}) as i`,
  );
  // A temporary table has no statistics: without a key the join would scan it once per paper.
  await sql.unsafe(`alter table bench_abstracts add primary key (i)`);
  await sql.unsafe(`analyze bench_abstracts`);
  for (let first = 1; first <= plan.size.papers; first += chunk) {
    const last = Math.min(plan.size.papers, first + chunk - 1);
    await sql.unsafe(
      `insert into papers (id, arxiv_id, title, abstract, published_on, categories, added_at, submitted_by_id)
       select pl.paper_id,
              lpad((20 + ((pl.paper_id - 1) / 20000) / 12)::text, 2, '0') || lpad((((pl.paper_id - 1) / 20000) % 12 + 1)::text, 2, '0')
                || '.' || lpad((((pl.paper_id - 1) % 20000) + 1)::text, 5, '0'),
              initcap(${word("pl.paper_id * 7")}) || ' ' || ${word("pl.paper_id * 13 + 3")} || ' for '
                || ${word("pl.paper_id * 17 + 5")} || ' ' || ${word("pl.paper_id * 29 + 11")} || ' ' || ${word("pl.paper_id * 31 + 1")},
              a.text,
              ($1::timestamptz - make_interval(secs => pl.age_s + 86400 * (pl.paper_id % 20)))::date,
              array[${category("pl.paper_id")}, ${category("pl.paper_id / 7")}],
              $1::timestamptz - make_interval(secs => pl.age_s),
              ${userIdSql(plan, `((pl.paper_id::bigint * 104729) % ${plan.size.users}) + 1`)}
       from bench_plan pl join bench_abstracts a on a.i = pl.paper_id % ${ABSTRACT_POOL}
       where pl.paper_id between $2 and $3
       order by pl.paper_id`,
      [now, first, last],
    );
    await sql.unsafe(
      `insert into paper_authors (paper_id, position, name)
       select pl.paper_id, g,
              (${textArray(FIRST_NAMES)})[1 + (pl.paper_id * 7 + g * 5) % ${FIRST_NAMES.length}] || ' '
                || chr(65 + (pl.paper_id * 3 + g) % 26) || '. '
                || (${textArray(LAST_NAMES)})[1 + (pl.paper_id * 11 + g * 17) % ${LAST_NAMES.length}]
       from bench_plan pl cross join lateral generate_series(0, pl.paper_id % 3) as g
       where pl.paper_id between $1 and $2`,
      [first, last],
    );
    progress.update(last);
  }
  progress.finish();
  await sql.unsafe(`drop table bench_abstracts`);
  await sql`select setval(pg_get_serial_sequence('papers', 'id'), (select max(id) from papers))`;
}

// ---------------------------------------------------------------------------------------
// Bulk-load helpers.

interface SavedIndexes {
  table: string;
  constraints: { name: string; definition: string; type: string }[];
  indexes: { name: string; definition: string }[];
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Drops a table's primary/unique/foreign keys and other indexes before a bulk load; the
 * definitions come from the catalog, so `restoreIndexes` recreates exactly what the
 * migrations made (same names, same columns, same ON DELETE), whatever they are.
 */
async function dropIndexes(
  sql: postgres.Sql,
  table: string,
  options: { keys: boolean } = { keys: true },
): Promise<SavedIndexes> {
  const constraints = options.keys
    ? await sql<{ name: string; definition: string; type: string }[]>`
        select conname as name, pg_get_constraintdef(oid) as definition, contype as type
        from pg_constraint where conrelid = ${table}::regclass and contype in ('p', 'u', 'f')
        order by conname`
    : [];
  const indexes = await sql<{ name: string; definition: string }[]>`
    select i.relname as name, pg_get_indexdef(x.indexrelid) as definition
    from pg_index x join pg_class i on i.oid = x.indexrelid
    where x.indrelid = ${table}::regclass
      and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid and c.conrelid = x.indrelid)
    order by i.relname`;
  // Foreign keys first, then the keys (a key may back nothing else: no table references votes or buckets).
  const ordered = [...constraints.filter((c) => c.type === "f"), ...constraints.filter((c) => c.type !== "f")];
  for (const constraint of ordered) {
    await sql.unsafe(`alter table ${quoteIdent(table)} drop constraint ${quoteIdent(constraint.name)}`);
  }
  for (const index of indexes) await sql.unsafe(`drop index ${quoteIdent(index.name)}`);
  return { table, constraints: [...constraints], indexes: [...indexes] };
}

async function restoreIndexes(sql: postgres.Sql, saved: SavedIndexes): Promise<void> {
  const keys = saved.constraints.filter((constraint) => constraint.type !== "f");
  const foreign = saved.constraints.filter((constraint) => constraint.type === "f");
  for (const constraint of keys) {
    const { ms } = await timed(() =>
      sql.unsafe(
        `alter table ${quoteIdent(saved.table)} add constraint ${quoteIdent(constraint.name)} ${constraint.definition}`,
      ),
    );
    log(`  ${saved.table}: ${constraint.name} (${constraint.definition}) in ${duration(ms)}`);
  }
  for (const index of saved.indexes) {
    const { ms } = await timed(() => sql.unsafe(index.definition));
    log(`  ${saved.table}: ${index.name} in ${duration(ms)}`);
  }
  for (const constraint of foreign) {
    const { ms } = await timed(() =>
      sql.unsafe(
        `alter table ${quoteIdent(saved.table)} add constraint ${quoteIdent(constraint.name)} ${constraint.definition}`,
      ),
    );
    log(`  ${saved.table}: ${constraint.name} validated in ${duration(ms)}`);
  }
}

const LOADED_TABLES = ["users", "papers", "paper_authors", "votes", "vote_buckets"];

async function setAutovacuum(sql: postgres.Sql, enabled: boolean): Promise<void> {
  for (const table of LOADED_TABLES) {
    await sql.unsafe(
      enabled
        ? `alter table ${table} reset (autovacuum_enabled)`
        : `alter table ${table} set (autovacuum_enabled = false)`,
    );
  }
}

/** Visibility map, statistics and a checkpoint, so that no autovacuum or checkpoint runs during the measurements. */
async function settle(sql: postgres.Sql): Promise<void> {
  const { ms } = await timed(async () => {
    await sql.unsafe(`vacuum (analyze) ${LOADED_TABLES.join(", ")}`);
    await sql.unsafe("checkpoint").catch(() => {
      // Needs superuser or pg_checkpoint on a DATABASE_URL server: only a nicety.
    });
  });
  log(`vacuum (analyze) + checkpoint in ${duration(ms)}`);
}

/** Runs `statement(from, to)` over the global vote sequence in chunks, with a progress bar. */
async function inVoteChunks(
  plan: Plan,
  label: string,
  statement: (from: number, to: number) => Promise<unknown>,
): Promise<void> {
  const chunk = 250_000;
  const progress = new Progress(label, plan.votes);
  for (let from = 0; from < plan.votes; from += chunk) {
    const to = Math.min(plan.votes, from + chunk);
    await statement(from, to);
    progress.update(to);
  }
  progress.finish();
}

const CHUNK_SOURCE = `from bench_plan pl
  cross join lateral generate_series(greatest(0, $2::bigint - pl.start), least(pl.n::bigint, $3::bigint - pl.start) - 1) as k
  where pl.start < $3::bigint and pl.start + pl.n > $2::bigint`;

async function recountUpvotes(sql: postgres.Sql): Promise<number> {
  const result = await sql`
    update papers p set upvotes = c.n
    from (select paper_id, count(*)::int as n from votes group by paper_id) c
    where c.paper_id = p.id and p.upvotes <> c.n`;
  return result.count;
}

export interface DatasetCounts {
  papers: number;
  authors: number;
  users: number;
  votes: number;
  buckets: number;
}

export async function datasetCounts(sql: postgres.Sql): Promise<DatasetCounts> {
  const [row] = await sql<DatasetCounts[]>`
    select (select count(*) from papers)::int as papers, (select count(*) from paper_authors)::int as authors,
           (select count(*) from users)::int as users, (select count(*) from votes)::int as votes,
           (select count(*) from vote_buckets)::int as buckets`;
  return row!;
}

export interface Generation {
  plan: Plan;
  counts: DatasetCounts;
  ms: number;
  steps: Record<string, number>;
}

/** Generates the whole dataset into an empty, migrated database. `now` anchors every time. */
export async function generateDataset(sql: postgres.Sql, size: DatasetSize, now: Date): Promise<Generation> {
  const at = now.toISOString();
  const steps: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const { ms, value } = await timed(fn);
    steps[name] = ms;
    log(`${name}: ${duration(ms)}`);
    return value;
  };
  const started = performance.now();
  await setAutovacuum(sql, false);
  const plan = await step("plan", () => writePlan(sql, size));
  log(
    `plan: ${grouped(plan.size.papers)} papers, ${grouped(plan.size.users)} users, ${grouped(plan.votes)} votes ` +
      `(most on one paper ${grouped(plan.maxVotesPerPaper)}, median ${grouped(plan.medianVotesPerPaper)})`,
  );
  await step("users", () => insertUsers(sql, plan, at));
  // Papers keep their keys (other tables reference them); their search indexes (GIN) are
  // built once afterwards instead of row by row.
  const paperIndexes = await dropIndexes(sql, "papers", { keys: false });
  const authorIndexes = await dropIndexes(sql, "paper_authors", { keys: false });
  await step("papers + authors", () => insertPapers(sql, plan, at));
  await step("papers + authors: indexes", async () => {
    await restoreIndexes(sql, paperIndexes);
    await restoreIndexes(sql, authorIndexes);
  });

  const voteIndexes = await dropIndexes(sql, "votes");
  await step("votes", () =>
    inVoteChunks(plan, "votes", (from, to) =>
      sql.unsafe(
        `insert into votes (user_id, paper_id, created_at, weight)
         select ${voterSql(plan, "k")}, pl.paper_id,
                $1::timestamptz - make_interval(secs => greatest(1, pl.age_s + ${DECAY_S}::float8 * ln(1 - random() * pl.c))),
                ${WEIGHT_SQL}
         ${CHUNK_SOURCE}`,
        [at, from, to],
      ),
    ),
  );
  await step("votes: keys and indexes", () => restoreIndexes(sql, voteIndexes));

  const bucketIndexes = await dropIndexes(sql, "vote_buckets");
  // rebuildVoteBuckets' statement (db/maintenance.ts), in hour order like a live table's heap.
  const buckets = await step("vote buckets", async () => {
    const result = await sql`
      insert into vote_buckets (paper_id, hour, votes, weight)
      select paper_id, date_trunc('hour', created_at), count(*)::int, sum(weight)::real
      from votes group by 1, 2 order by 2, 1`;
    return result.count;
  });
  await step("vote buckets: keys and indexes", () => restoreIndexes(sql, bucketIndexes));
  log(`vote buckets: ${grouped(buckets)}`);
  await step("upvote counters", () => recountUpvotes(sql));
  await setAutovacuum(sql, true);
  await step("settle", () => settle(sql));
  const ms = performance.now() - started;
  const counts = await datasetCounts(sql);
  return { plan, counts, ms, steps };
}

export interface Doubling {
  votesAdded: number;
  fromDaysAgo: number;
  toDaysAgo: number;
  ms: number;
  counts: DatasetCounts;
}

/**
 * Doubles the votes with votes all older than the trending window (by default 30 to 90
 * days ago), each with its bucket (upserted in the same statement), then the counters.
 */
export async function doubleOldVotes(sql: postgres.Sql, plan: Plan, now: Date, windowDays: number): Promise<Doubling> {
  const at = now.toISOString();
  const fromDaysAgo = Math.max(30, windowDays + 7);
  const toDaysAgo = fromDaysAgo + 60;
  const started = performance.now();
  await setAutovacuum(sql, false);
  const voteIndexes = await dropIndexes(sql, "votes");
  const { ms: insertMs } = await timed(() =>
    inVoteChunks(plan, "old votes", (from, to) =>
      sql.unsafe(
        `with inserted as (
           insert into votes (user_id, paper_id, created_at, weight)
           select ${voterSql(plan, "pl.n + k")}, pl.paper_id,
                  $1::timestamptz - make_interval(secs => $4::float8 + random() * $5::float8),
                  ${WEIGHT_SQL}
           ${CHUNK_SOURCE}
           returning paper_id, created_at, weight)
         insert into vote_buckets (paper_id, hour, votes, weight)
         select paper_id, date_trunc('hour', created_at), count(*)::int, sum(weight)::real from inserted group by 1, 2
         on conflict (paper_id, hour) do update
           set votes = vote_buckets.votes + excluded.votes, weight = vote_buckets.weight + excluded.weight`,
        [at, from, to, fromDaysAgo * DAY_S, (toDaysAgo - fromDaysAgo) * DAY_S],
      ),
    ),
  );
  log(`old votes + their buckets: ${duration(insertMs)}`);
  const { ms: indexMs } = await timed(() => restoreIndexes(sql, voteIndexes));
  log(`votes: keys and indexes: ${duration(indexMs)}`);
  const { ms: counterMs } = await timed(() => recountUpvotes(sql));
  log(`upvote counters: ${duration(counterMs)}`);
  await setAutovacuum(sql, true);
  await settle(sql);
  await sql`drop table if exists bench_plan`;
  const counts = await datasetCounts(sql);
  return { votesAdded: plan.votes, fromDaysAgo, toDaysAgo, ms: performance.now() - started, counts };
}

export function describeCounts(counts: DatasetCounts): string {
  return `${compact(counts.papers)} papers, ${compact(counts.authors)} authors, ${compact(counts.users)} users, ${compact(counts.votes)} votes, ${compact(counts.buckets)} buckets`;
}
