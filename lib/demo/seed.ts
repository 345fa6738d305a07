import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, Transaction } from "@/db/client";
import { githubRepos, githubStarSamples, papers, paperAuthors, users, votes } from "@/db/schema";
import seedPapersJson from "./seed-data/papers.json" with { type: "json" };
import { seededRandom, randomInt, shuffled } from "@/lib/random";
import { voteWeight } from "@/lib/ranking/ranking";
import { rebuildVoteBuckets } from "@/db/maintenance";

/**
 * The demo dataset: 54 real papers (arXiv metadata, CC0) and a synthetic community whose
 * votes are generated from a fixed seed, relative to the hour the seed runs, so that the
 * demo always has papers rising right now, papers that peaked days ago and quiet ones.
 */

const seedPaperSchema = z.object({
  arxivId: z.string(),
  title: z.string(),
  abstract: z.string().nullable(),
  authors: z.array(z.string()),
  publishedAt: z.string().nullable(),
  githubUrl: z.string().nullable(),
  projectUrl: z.string().nullable(),
});
export const seedPapers = z.array(seedPaperSchema).parse(seedPapersJson);

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
export const DEMO_SEED = 20261127;
export const DEMO_USER_COUNT = 48;
/** How far back the synthetic votes go. */
export const DEMO_HISTORY_DAYS = 14;

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
  "Srinivasa",
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
  "Fei-Fei",
  "Geoffrey",
  "Daphne",
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
  "Li",
  "Hinton",
  "Koller",
];

export interface DemoUser {
  id: string;
  login: string;
  name: string;
  joinedAt: Date;
  githubCreatedAt: Date;
}

export function demoUsers(now: Date): DemoUser[] {
  const random = seededRandom(DEMO_SEED);
  return Array.from({ length: DEMO_USER_COUNT }, (_, index) => {
    const first = FIRST_NAMES[index % FIRST_NAMES.length]!;
    const last = LAST_NAMES[(index * 7 + Math.floor(index / FIRST_NAMES.length)) % LAST_NAMES.length]!;
    // Most of the community is established; the last few joined this week.
    const established = index < DEMO_USER_COUNT - 6;
    const joinedDaysAgo = established ? randomInt(random, 30, 400) : randomInt(random, 1, 6);
    const githubYearsAgo = established ? randomInt(random, 2, 12) : randomInt(random, 0, 3);
    return {
      id: `demo-${String(index + 1).padStart(2, "0")}`,
      login: `${first}-${last}`.toLowerCase().replace(/[^a-z0-9-]/g, ""),
      name: `${first} ${last}`,
      joinedAt: new Date(now.getTime() - joinedDaysAgo * DAY_MS),
      githubCreatedAt: new Date(now.getTime() - (githubYearsAgo * 365 + 40) * DAY_MS),
    };
  });
}

type Momentum = "rising" | "peaked" | "steady" | "quiet";

interface PlannedVote {
  userIndex: number;
  at: Date;
}

/** When each paper's votes were cast: the shape of its curve follows its momentum. */
function planVotes(random: () => number, momentum: Momentum, now: Date, users: DemoUser[]): PlannedVote[] {
  const count =
    momentum === "rising"
      ? randomInt(random, 10, 28)
      : momentum === "peaked"
        ? randomInt(random, 18, 40)
        : momentum === "steady"
          ? randomInt(random, 6, 16)
          : randomInt(random, 0, 3);
  const peakDaysAgo = randomInt(random, 4, 11);
  const voters = shuffled(
    random,
    users.map((_, index) => index),
  ).slice(0, count);
  return voters.map((userIndex) => {
    let ageMs: number;
    if (momentum === "rising") {
      // Most votes in the last day, a tail over the day before.
      ageMs = Math.min(-Math.log(1 - random()) * 10 * HOUR_MS, 2 * DAY_MS);
    } else if (momentum === "peaked") {
      ageMs = (peakDaysAgo + (random() + random() - 1) * 1.5) * DAY_MS;
    } else {
      ageMs = random() * DEMO_HISTORY_DAYS * DAY_MS;
    }
    // Nobody votes before joining the site.
    const at = new Date(Math.max(now.getTime() - ageMs, users[userIndex]!.joinedAt.getTime() + HOUR_MS));
    return { userIndex, at: at > now ? now : at };
  });
}

function momentumOf(random: () => number): Momentum {
  const draw = random();
  if (draw < 0.2) return "rising";
  if (draw < 0.45) return "peaked";
  if (draw < 0.75) return "steady";
  return "quiet";
}

/**
 * Synthetic GitHub star histories for a few demo papers' code repositories, so the demo
 * shows "★ 16.4k · +310 this week" without reaching GitHub: today's count and a daily
 * growth (the numbers are made up, of a plausible size). Marked read now, so the stars job
 * leaves them alone for a day.
 */
const DEMO_STARS: { fullName: string; stars: number; perDay: number }[] = [
  { fullName: "state-spaces/mamba", stars: 16_420, perDay: 44 },
  { fullName: "openai/weak-to-strong", stars: 2_530, perDay: 3 },
  { fullName: "NVlabs/Minitron", stars: 1_180, perDay: 9 },
  { fullName: "ibm/tsfm", stars: 742, perDay: 6 },
  { fullName: "LAION-AI/AIW", stars: 212, perDay: 1 },
];
const DEMO_STAR_DAYS = 15;

async function seedStarSamples(tx: Transaction, now: Date): Promise<void> {
  await tx.insert(githubRepos).values(
    DEMO_STARS.map((repo) => ({
      key: repo.fullName.toLowerCase(),
      fullName: repo.fullName,
      stars: repo.stars,
      checkedAt: now,
    })),
  );
  await tx.insert(githubStarSamples).values(
    DEMO_STARS.flatMap((repo) =>
      Array.from({ length: DEMO_STAR_DAYS }, (_, daysAgo) => ({
        repoKey: repo.fullName.toLowerCase(),
        day: new Date(now.getTime() - daysAgo * DAY_MS).toISOString().slice(0, 10),
        stars: repo.stars - daysAgo * repo.perDay,
      })),
    ),
  );
}

/**
 * Loads the demo dataset into an empty database. Returns false (and writes nothing) when the
 * database already holds papers: the demo is loaded once, never over real data.
 */
export async function seedDemoData(db: Database, now = new Date()): Promise<boolean> {
  now = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
  return db.transaction(async (tx) => {
    // Two servers starting at once must not both seed.
    await tx.execute(sql`select pg_advisory_xact_lock(727202611, 1)`);
    const [existing] = await tx.select({ count: sql<number>`count(*)::int` }).from(papers);
    if ((existing?.count ?? 0) > 0) return false;

    const random = seededRandom(DEMO_SEED + 1);
    const community = demoUsers(now);
    await tx.insert(users).values(
      community.map((user) => ({
        id: user.id,
        name: user.name,
        githubLogin: user.login,
        image: null,
        githubCreatedAt: user.githubCreatedAt,
        createdAt: user.joinedAt,
      })),
    );

    for (const [index, seed] of seedPapers.entries()) {
      const momentum = momentumOf(random);
      const planned = planVotes(random, momentum, now, community);
      const firstVote = planned.reduce<number>((min, vote) => Math.min(min, vote.at.getTime()), now.getTime());
      // A paper is added a little before its first vote; quiet ones at any time in the window.
      const addedAt = new Date(
        planned.length > 0
          ? firstVote - randomInt(random, 1, 20) * HOUR_MS
          : now.getTime() - random() * (DEMO_HISTORY_DAYS + 7) * DAY_MS,
      );
      const submitterIndex = index % 3 === 0 ? randomInt(random, 0, community.length - 1) : null;
      const [paper] = await tx
        .insert(papers)
        .values({
          arxivId: seed.arxivId,
          title: seed.title,
          abstract: seed.abstract ?? "",
          publishedOn: seed.publishedAt ? seed.publishedAt.slice(0, 10) : null,
          codeUrl: seed.githubUrl,
          projectUrl: seed.projectUrl,
          addedAt,
          submittedById: submitterIndex === null ? null : community[submitterIndex]!.id,
          upvotes: planned.length,
        })
        .returning({ id: papers.id });
      if (seed.authors.length > 0) {
        await tx
          .insert(paperAuthors)
          .values(seed.authors.map((name, position) => ({ paperId: paper!.id, position, name })));
      }
      if (planned.length > 0) {
        await tx.insert(votes).values(
          planned.map((vote) => {
            const voter = community[vote.userIndex]!;
            return {
              userId: voter.id,
              paperId: paper!.id,
              createdAt: vote.at,
              weight: voteWeight(
                {
                  joinedAt: voter.joinedAt,
                  githubCreatedAt: voter.githubCreatedAt,
                  isSubmitter: submitterIndex === vote.userIndex,
                },
                vote.at,
              ),
            };
          }),
        );
      }
    }
    await rebuildVoteBuckets(tx);
    await seedStarSamples(tx, now);
    return true;
  });
}
