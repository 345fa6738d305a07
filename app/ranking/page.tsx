import type { Metadata } from "next";
import { connection } from "next/server";
import { trendingParams } from "@/lib/ranking/trending";
import {
  SITE_AGE_FOR_FULL_WEIGHT_DAYS,
  YOUNG_GITHUB_ACCOUNT_DAYS,
  YOUNG_GITHUB_ACCOUNT_FACTOR,
} from "@/lib/ranking/ranking";

export const metadata: Metadata = { title: "How the ranking works" };

export default async function RankingPage() {
  await connection();
  const params = trendingParams();
  return (
    <article className="mt-6 max-w-[70ch] leading-relaxed">
      <h1 className="font-serif text-2xl font-semibold">How the trending ranking works</h1>
      <p className="mt-3">
        Trending ranks papers by how fast they gain votes <em>now</em>, not by their total. Every vote counts for its
        weight, halved for every <strong>{params.halfLifeHours} hours</strong> of its age; votes older than{" "}
        <strong>{params.windowDays} days</strong> no longer count. A paper&apos;s score is the sum over its votes:
      </p>
      <p className="my-3 rounded bg-stone-100 px-3 py-2 font-mono text-sm dark:bg-stone-900">
        score = Σ weight × 0.5^(age in hours ÷ {params.halfLifeHours})
      </p>
      <p>
        Because each vote decays by its own age, a paper rediscovered weeks after it was posted can trend again. With a{" "}
        {params.halfLifeHours}-hour half-life, 200 votes yesterday still outweigh 2 votes an hour ago. A paper is listed
        once its votes in the window weigh at least <strong>{params.minWeightedVotes}</strong>.
      </p>
      <h2 className="mt-6 font-serif text-lg font-semibold">Vote weights</h2>
      <ul className="mt-2 list-disc pl-5">
        <li>Your vote on a paper you submitted weighs 0.</li>
        <li>
          A vote&apos;s weight rises from 0 to 1 over your first {SITE_AGE_FOR_FULL_WEIGHT_DAYS} days on Paperboard, and
          is multiplied by {YOUNG_GITHUB_ACCOUNT_FACTOR} while your GitHub account is under {YOUNG_GITHUB_ACCOUNT_DAYS}{" "}
          days old. So a burst of brand-new accounts cannot outvote an established community.
        </li>
        <li>The weight is fixed when the vote is cast. Moderators can set a vote ring&apos;s weight to 0.</li>
        <li>Displayed vote counts are the votes as cast; weights only affect trending.</li>
      </ul>
      <h2 className="mt-6 font-serif text-lg font-semibold">What each card shows</h2>
      <p className="mt-2">
        “+37 in 24 h · 1.5/h” is the number of votes in the last day and their hourly rate; the small chart shows votes
        over the last {params.windowDays} days; ▲/▼ is the change of rank since yesterday&apos;s daily snapshot. Each
        day&apos;s ranking at 00:00 UTC is kept as a dated feed, reached by the date navigation of Trending.
      </p>
    </article>
  );
}
