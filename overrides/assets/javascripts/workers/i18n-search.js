/* Search worker: Material's own worker, plus stemming for as-you-type queries.
 *
 * Material appends "*" to every query term so results appear while typing, and lunr skips the
 * stemmer for wildcard terms. With stemming on in the index (kb/steps/search.py), a full word
 * such as "caregivers*" would then miss the indexed stem "caregiv". For every optional wildcard
 * clause we add the same term, stemmed, as a second optional clause: prefixes still match while
 * typing, and whole words match their other forms. Matches found through the stem are reported
 * under the typed term, so Material does not list that term as missing.
 *
 * A finished word that is a stop word ("er", "the", "for", followed by another word) is dropped: as a
 * prefix it would match every word it begins ("er*" → "erfaringskonsulent") and swamp the ranking. The
 * word being typed keeps its prefix clause ("for" may become "forandring").
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

/* The index's lunr language, from Material's setup message (type 0), for its stop words. */
var language = "en"
addEventListener("message", function (event) {
  var config = event.data && event.data.type === 0 && event.data.data && event.data.data.config
  if (config && config.lang && config.lang.length === 1)
    language = config.lang[0]
})

function isStopWord(word) {
  var filter = (language !== "en" && lunr[language] || lunr).stopWordFilter
  return !!filter && !filter(word)
}

/* importScripts is synchronous in a worker and returns a promise in the shim: patch once lunr is there. */
Promise.resolve(importScripts(material)).then(function () {
  lunr.Index.prototype.search = function (queryString) {
    const stemmed = new Map()                      /* typed term -> its stem */
    const results = this.query(query => {
      new lunr.QueryParser(queryString, query).parse()
      const typing = query.clauses[query.clauses.length - 1]
      for (const clause of [...query.clauses]) {
        const prefix = /^[^*]+\*$/.exec(clause.term) && clause.term.slice(0, -1)
        if (!prefix || clause.presence !== lunr.Query.presence.OPTIONAL)
          continue
        if (isStopWord(prefix)) {                  /* "hva er viktig for deg" */
          if (clause !== typing)                   /* finished: as a prefix "er*" would match every "erfaring" */
            query.clauses.splice(query.clauses.indexOf(clause), 1)
          continue
        }
        const [stem] = this.pipeline.runString(prefix)
        if (!stem)
          continue
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
