// Run Zotero's own web translators (Embedded Metadata, COinS) on built HTML pages and
// print what Zotero would save, as JSON: one line per page.
//
//   node tests/zotero/harness.js PAGE.html [PAGE.html ...]
//
// Zotero's real code does the reading: the translators from zotero/translators and
// the utilities they call (cleanAuthor, strToISO, parseContextObject, xpath...) from
// zotero/utilities, vendored beside this file (see README.md). This file is only the
// part of Zotero's translator sandbox they need: Zotero.Item, Zotero.done,
// Zotero.debug, ZU (Zotero.Utilities with the date and OpenURL functions the client
// adds to it), translator selection by priority, and Zotero.loadTranslator for the one
// translator Embedded Metadata always loads: Zotero's RDF importer, run on an RDF
// store that is empty. Embedded Metadata hands it the page's Dublin Core, Open Graph
// and schema.org <meta> tags; the generator writes none (Highwire tags only), and a
// page that had any stops the harness with an error (so does any other translator a
// translator asks for): a page it cannot read faithfully is never a quiet result.
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");
const { pathToFileURL } = require("url");
const { JSDOM } = require("jsdom");
const xpath = require("xpath");

const HERE = __dirname;
const UTILITIES = path.join(HERE, "utilities");
const TRANSLATORS = ["COinS.js", "Embedded Metadata.js"];
const RDF_ID = "5e3ad958-ac79-463d-812b-a86a9235c28f";

// --- Zotero's utilities, set up as zotero/utilities' own test/init.js does ---------
// Zotero.Translate: no DOM wrappers in Node (utilities.js xpath() asks).
globalThis.Zotero = { locale: "en-US", isNode: true, debug: () => {}, Translate: {} };
Zotero.Utilities = require(path.join(UTILITIES, "utilities.js"));
Zotero.Utilities.Item = require(path.join(UTILITIES, "utilities_item.js"));
Zotero.Date = require(path.join(UTILITIES, "date.js"));
Zotero.Date.init(fs.readFileSync(path.join(UTILITIES, "resource", "dateFormats.json"), "utf-8"));
const CachedTypes = require(path.join(UTILITIES, "cachedTypes.js"));
CachedTypes.setTypeSchema(require(path.join(UTILITIES, "resource", "zoteroTypeSchemaData.js")));
Object.assign(Zotero, CachedTypes);
Zotero.OpenURL = require(path.join(UTILITIES, "openurl.js"));

/** Zotero.Utilities as a translator sees it (ZU): the shared utilities plus what the
 * client's translation sandbox adds (zotero/translate, utilities_translate.js). */
function translatorUtilities() {
  const ZU = Object.create(Zotero.Utilities);
  ZU.strToDate = Zotero.Date.strToDate;
  ZU.strToISO = Zotero.Date.strToISO;
  ZU.formatDate = Zotero.Date.formatDate;
  ZU.parseContextObject = Zotero.OpenURL.parseContextObject;
  ZU.createContextObject = Zotero.OpenURL.createContextObject;
  return ZU;
}

/** A translator file: its JSON header and its code. */
function readTranslator(name) {
  const source = fs.readFileSync(path.join(HERE, "translators", name), "utf-8");
  const end = source.indexOf("\n}\n") + 2;
  return { name, header: JSON.parse(source.slice(0, end)), code: source.slice(end) };
}

/** The fields a Zotero item holds once saved: a field of the base kind the translator
 * set (publicationTitle) under the item type's own name (bookTitle for a book
 * section), as the client's item saver maps it; fields the type does not have are
 * listed apart (Zotero drops them). */
function saved(item) {
  const out = { itemType: item.itemType, creators: item.creators, invalid: {} };
  const typeID = Zotero.ItemTypes.getID(item.itemType);
  for (const [key, value] of Object.entries(item)) {
    if (["itemType", "creators", "attachments", "notes", "tags", "seeAlso", "complete"].includes(key)) continue;
    if (value === "" || value === undefined || value === null || value === false) continue;
    const fieldID = Zotero.ItemFields.getID(key);
    if (fieldID && Zotero.ItemFields.isValidForType(fieldID, typeID)) {
      out[key] = value;
      continue;
    }
    const mapped = fieldID && Zotero.ItemFields.getFieldIDFromTypeAndBase(typeID, fieldID);
    if (mapped) out[Zotero.ItemFields.getName(mapped)] = value;
    else out.invalid[key] = value;
  }
  out.tags = item.tags;
  return out;
}

/** The sandbox's helpers attr() and text(): an attribute or the text of the first
 * element (or the index-th) matching a selector; "" when none matches. */
function attr(docOrElem, selector, name, index) {
  const elem = index ? docOrElem.querySelectorAll(selector).item(index) : docOrElem.querySelector(selector);
  return elem ? elem.getAttribute(name) : "";
}

function text(docOrElem, selector, index) {
  const elem = index ? docOrElem.querySelectorAll(selector).item(index) : docOrElem.querySelector(selector);
  return elem ? elem.textContent : "";
}

/** Zotero.loadTranslator("import") set to the RDF translator, over an empty store. */
function rdfImporter(caller, type) {
  let chosen = null;
  const unsupported = (what) => () => {
    throw new Error(`${caller.name}: the page gave RDF statements (${what}); the harness reads none`);
  };
  return {
    setTranslator(id) {
      chosen = id;
    },
    setHandler() {},  // the empty store makes no item, so no handler is ever called
    getTranslatorObject(callback) {
      if (type !== "import" || chosen !== RDF_ID) {
        throw new Error(`${caller.name} asked for translator ${type} ${chosen}; the harness has only RDF`);
      }
      const rdf = readTranslator("RDF.js");
      const store = {
        getAllResources: () => [],
        addStatement: unsupported("addStatement"),
        getTargets: unsupported("getTargets"),
        getSources: unsupported("getSources"),
      };
      const Z = { debug: () => {}, setProgress: () => {}, RDF: store };
      const context = vm.createContext({ Zotero: Z, Z, ZU: translatorUtilities(), exports: {}, console });
      vm.runInContext(rdf.code, context, { filename: rdf.name });
      callback(context);
    },
  };
}

/** Run one translator in a sandbox of its own on the document. */
function sandbox(translator, doc, url) {
  const items = [];
  const state = { done: undefined };
  const Z = {
    debug: () => {},
    done: (value) => {
      state.done = value;
    },
    wait: () => {},
    parentTranslator: undefined,
    Item: function Item(itemType) {
      this.itemType = itemType;
      this.creators = [];
      this.notes = [];
      this.tags = [];
      this.seeAlso = [];
      this.attachments = [];
      this.complete = () => items.push(saved(this));
    },
    loadTranslator: (type) => rdfImporter(translator, type),
    selectItems: (choices, callback) => callback(choices),
  };
  const ZU = translatorUtilities();
  Z.Utilities = ZU;
  const context = vm.createContext({ Zotero: Z, Z, ZU, attr, text, exports: {}, console });
  vm.runInContext(translator.code, context, { filename: translator.name });
  return {
    detect() {
      const found = context.detectWeb(doc, url);
      return found === undefined ? state.done : found;
    },
    run() {
      context.doWeb(doc, url);
      return items;
    },
  };
}

/** document.evaluate as a browser runs it on an HTML page, by the xpath package (a
 * whole XPath 1.0; jsdom's own ignores namespaces and lacks local-name()). In an HTML
 * document a browser matches an HTML element both by "meta" and by "x:meta" with x
 * bound to XHTML (Embedded Metadata writes both), and names without regard to case:
 * the package's isHtml mode. ZU.xpath asks only for an ordered node iterator. */
function htmlXPath(doc) {
  doc.evaluate = (expression, context, resolver, type) => {
    if (type !== 5) throw new Error(`document.evaluate type ${type}: the harness has only 5`);
    const lookup = typeof resolver === "function" ? resolver : (p) => resolver && resolver.lookupNamespaceURI(p);
    const namespaces = { getNamespace: (prefix) => lookup(prefix) };
    const nodes = xpath.parse(expression).select({ node: context, namespaces, isHtml: true });
    let next = 0;
    return { iterateNext: () => nodes[next++] || null };
  };
  return doc;
}

function translate(file) {
  const html = fs.readFileSync(file, "utf-8");
  const url = pathToFileURL(path.resolve(file)).href;
  const doc = htmlXPath(new JSDOM(html, { url }).window.document);
  const translators = TRANSLATORS.map(readTranslator).sort((a, b) => a.header.priority - b.header.priority);
  const detected = {};
  for (const translator of translators) {
    // Zotero offers the first translator, by priority, that recognises the page
    detected[translator.header.label] = sandbox(translator, doc, url).detect() || null;
  }
  for (const translator of translators) {
    if (detected[translator.header.label]) {
      const items = sandbox(translator, doc, url).run();
      return { file, translator: translator.header.label, detected, items };
    }
  }
  return { file, translator: null, detected, items: [] };
}

for (const file of process.argv.slice(2)) {
  process.stdout.write(JSON.stringify(translate(file)) + "\n");
}
