import type { Metadata } from "next";
import { SignInProblem } from "@/components/sign-in-problem";

export const metadata: Metadata = { title: "Sign-in problem" };

export default async function AuthErrorPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const error = (await searchParams).error;
  return <SignInProblem code={typeof error === "string" ? error : ""} />;
}
