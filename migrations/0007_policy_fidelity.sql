-- PermitFlow 0007: the places regions are made of (provinces, cities by province, whole-province regions,
-- free-trade-zone areas).

-- Places. A region covers the cities its policy version lists (a pinned list is never narrowed), every city
--    of the provinces in region_provinces (whole regions: the Yangtze River Delta, Beijing–Tianjin–Hebei, the
--    Hainan FTZ), and every city with an area in region_areas (a pilot free trade zone's areas). The regions'
--    dates and categories stay in the policy versions, under the same key. Loaded from seeds/places.json;
--    operators add cities (`permit cities add`) and areas (`permit regions add-area`).
CREATE TABLE provinces (
    key      text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,40}$'),
    name_en  text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
    name_zh  text NOT NULL DEFAULT '',
    kind     text NOT NULL CHECK (kind IN ('province', 'municipality', 'autonomous_region'))
);

-- NULL only for a city loaded before this migration and not yet seeded again.
ALTER TABLE cities ADD COLUMN province text REFERENCES provinces (key);
CREATE INDEX cities_by_province ON cities (province);

CREATE TABLE regions (
    key      text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,40}$'),
    name_en  text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
    name_zh  text NOT NULL DEFAULT '',
    source   text NOT NULL DEFAULT ''
);

CREATE TABLE region_provinces (
    region    text NOT NULL REFERENCES regions (key),
    province  text NOT NULL REFERENCES provinces (key),
    PRIMARY KEY (region, province)
);

CREATE TABLE region_areas (
    region    text NOT NULL REFERENCES regions (key),
    city      text NOT NULL REFERENCES cities (key),
    area      text NOT NULL CHECK (length(area) BETWEEN 1 AND 200 AND area !~ '[[:cntrl:]]'),
    added_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region, city, area)
);
CREATE INDEX region_areas_by_city ON region_areas (city);
