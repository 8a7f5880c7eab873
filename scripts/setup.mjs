// npm run setup -- --url https://directus.example.com --token <admin static token>
// The repository's way to run the bundle's setup (the same program as `npx lead-pool-setup` from the package).
import '../extensions/lead-pool/setup/cli.mjs';
