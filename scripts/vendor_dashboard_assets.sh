#!/usr/bin/env bash
# Vendor the dashboard's third-party assets from the npm registry into the package, so the
# dashboard works offline (no CDN at run time). Run from the repository root; commit the result.
#   leaflet 1.9.4 (BSD-2-Clause): the map
#   world-atlas 2.0.2 (ISC; Natural Earth data, public domain): country boundaries, 1:50m
#   topojson-client 3.1.0 (ISC): TopoJSON -> GeoJSON in the browser
set -euo pipefail
dest="src/marsad/api/static/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent leaflet@1.9.4 world-atlas@2.0.2 topojson-client@3.1.0 >/dev/null)
for f in "$tmp"/*.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
mkdir -p "$dest/images"
cp "$tmp"/leaflet-1.9.4/package/dist/leaflet.js "$tmp"/leaflet-1.9.4/package/dist/leaflet.css "$dest/"
cp "$tmp"/leaflet-1.9.4/package/dist/images/*.png "$dest/images/"
cp "$tmp"/leaflet-1.9.4/package/LICENSE "$dest/LICENSE.leaflet"
cp "$tmp"/world-atlas-2.0.2/package/countries-50m.json "$dest/"
cp "$tmp"/world-atlas-2.0.2/package/LICENSE "$dest/LICENSE.world-atlas"
cp "$tmp"/topojson-client-3.1.0/package/dist/topojson-client.min.js "$dest/"
cp "$tmp"/topojson-client-3.1.0/package/LICENSE "$dest/LICENSE.topojson-client"
echo "vendored into $dest"
