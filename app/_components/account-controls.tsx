import { SignInLink } from "@/components/sign-in-link";
import { connection } from "next/server";
import { SignInButton } from "@/components/sign-in-button";
import { UserMenu } from "@/components/user-menu";
import { signInWithGitHub, signOutAction } from "@/app/actions/auth";
import { isGitHubConfigured } from "@/lib/auth";
import { isDemoSignInAvailable } from "@/lib/demo-sign-in";
import { getViewer } from "@/lib/viewer";

export async function AccountControls() {
  await connection();
  const viewer = await getViewer();
  if (viewer) {
    return <UserMenu login={viewer.login} name={viewer.name} image={viewer.image} signOut={signOutAction} />;
  }
  if (isGitHubConfigured()) return <SignInButton action={signInWithGitHub} label="Sign in with GitHub" />;
  if (isDemoSignInAvailable()) {
    return <SignInLink label="Sign in as a demo user" />;
  }
  return null;
}
