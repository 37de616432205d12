/* Search worker: Material's own worker, plus stemming for as-you-type queries.
 *
 * Material appends "*" to every query term so results appear while typing, and lunr skips the
 * stemmer for wildcard terms. With stemming on in the index (kb/steps/search.py), a full word
 * such as "caregivers*" would then miss the indexed stem "caregiv". For every optional wildcard
 * clause we add the same term, stemmed, as a second optional clause: prefixes still match while
 * typing, and whole words match their other forms. Matches found through the stem are reported
 * under the typed term, so Material does not list that term as missing.
 *
 * The worker lives next to Material's so that Material's relative "../lunr" paths still resolve.
 */
function ownUrl() {
  /* In the offline copy (file://) the iframe-worker shim runs us as a <script> in an iframe. */
  if (typeof document !== "undefined") {
    var script = document.querySelector("script[src*='i18n-search.js']")
    if (script) return script.src
  }
  return self.location.href
}

var here = new URL(ownUrl())
var material = new URL(here.searchParams.get("material").split("?")[0], here).href

/* importScripts is synchronous in a worker and returns a promise in the shim: patch once lunr is there. */
Promise.resolve(importScripts(material)).then(function () {
  lunr.Index.prototype.search = function (queryString) {
    const stemmed = new Map()                      /* typed term -> its stem */
    const results = this.query(query => {
      new lunr.QueryParser(queryString, query).parse()
      for (const clause of [...query.clauses]) {
        const prefix = /^[^*]+\*$/.exec(clause.term) && clause.term.slice(0, -1)
        if (!prefix || clause.presence !== lunr.Query.presence.OPTIONAL)
          continue
        const [stem] = this.pipeline.runString(prefix)
        if (!stem)
          continue                                 /* a stop word */
        stemmed.set(prefix, stem)
        query.clause({ ...clause, term: prefix, usePipeline: true, wildcard: lunr.Query.wildcard.NONE })
      }
    })
    for (const { matchData } of results)
      for (const [typed, stem] of stemmed)
        if (stem !== typed && !stem.startsWith(typed) && stem in matchData.metadata) {
          matchData.metadata[typed] = matchData.metadata[stem]
          delete matchData.metadata[stem]
        }
    return results
  }
})
