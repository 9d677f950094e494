/** A three-document corpus small enough to ingest in milliseconds with the hashed test embedder. */
export const TINY_CORPUS = {
  "lighthouses.md": [
    "---",
    "title: Scottish Lighthouses",
    "permalink: /guides/lighthouses/",
    "---",
    "",
    "## Bell Rock",
    "",
    "The Bell Rock lighthouse stands 35 metres tall off the coast of Angus.",
    "Robert Stevenson finished building the Bell Rock tower in 1810.",
    "",
    "## Skerryvore",
    "",
    "Skerryvore lighthouse guards the reefs south-west of Tiree with a granite tower.",
    "",
  ].join("\n"),
  "volcanoes.md": [
    "# Volcanoes",
    "",
    "## Etna",
    "",
    "Mount Etna on Sicily erupts several times every year with lava fountains.",
    "",
    "## Vesuvius",
    "",
    "Vesuvius buried the Roman town of Pompeii under volcanic ash in 79 AD.",
    "",
  ].join("\n"),
  "tides.txt": "Tides\n\nThe moon pulls the oceans into two bulges, so most coasts see two high tides each day.\n",
} as const;

export type TinyCorpusFile = keyof typeof TINY_CORPUS;
