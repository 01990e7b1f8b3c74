// Ambient types for Astro's virtual modules (astro:…) so that `tsc -p tsconfig.json`
// can check site/src without a prior `astro sync`.
/// <reference types="astro/client" />
