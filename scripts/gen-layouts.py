#!/usr/bin/python3
"""gen-layouts.py - turn the RMI layout fact sheet (rmi-layout.json) into C tables.

Writes src/template/layouts_data.c: one `ot_layout` per template family and version
(cell maps, drop-down lists, question roles, list columns, effective-date rule) plus the
country lists from refdata/countries*.csv. The layout structs are declared in
src/template/layout.h. Question roles are derived here from the English question texts
and checked against the cross-version tables of rmi-templates.md 4.6 / 4.7, so a new
layout whose texts no rule recognises fails loudly instead of silently becoming OTHER.

usage: gen-layouts.py [--shared DIR] [--out FILE]
"""
import argparse
import csv
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

FAMILIES = {"CMRT": "OT_FAMILY_CMRT", "CRT": "OT_FAMILY_CRT", "EMRT": "OT_FAMILY_EMRT",
            "AMRT": "OT_FAMILY_AMRT"}

# Versions whose layout is read as another one (same cells; the file says the other).
ALIASES = {("CRT", "2.21"): "2.2"}

FIELDS = {
    "company_name": "OT_F_COMPANY_NAME", "declaration_scope": "OT_F_SCOPE",
    "scope_description": "OT_F_SCOPE_DESCRIPTION", "company_unique_id": "OT_F_UNIQUE_ID",
    "company_unique_id_authority": "OT_F_UNIQUE_ID_AUTHORITY", "address": "OT_F_ADDRESS",
    "contact_name": "OT_F_CONTACT_NAME", "contact_email": "OT_F_CONTACT_EMAIL",
    "contact_phone": "OT_F_CONTACT_PHONE", "authorizer_name": "OT_F_AUTHORIZER_NAME",
    "authorizer_title": "OT_F_AUTHORIZER_TITLE", "authorizer_email": "OT_F_AUTHORIZER_EMAIL",
    "authorizer_phone": "OT_F_AUTHORIZER_PHONE", "effective_date": "OT_F_EFFECTIVE_DATE",
}

# ---- question roles, from the English text (first matching rule wins) ----------------

QUESTION_RULES = [
    ("conflict-affected", "OT_Q_CAHRA"),
    ("covered countries", "OT_Q_COVERED_COUNTRIES"),
    ("drc or an adjoining", "OT_Q_COVERED_COUNTRIES"),
    ("recycl", "OT_Q_RECYCLED"),
    ("percentage of relevant suppliers", "OT_Q_RESPONSE_RATE"),
    ("received completed", "OT_Q_RESPONSE_RATE"),
    ("from all relevant suppliers", "OT_Q_RESPONSE_RATE"),
    ("identified all", "OT_Q_ALL_SMELTERS"),
    ("validated as compliant", "OT_Q_SMELTERS_VALIDATED"),
    ("conflict-free smelter (cfs) list", "OT_Q_SMELTERS_VALIDATED"),
    ("been reported in this declaration", "OT_Q_ALL_INFO_REPORTED"),
    ("remain in the product", "OT_Q_REMAINS"),
    ("contained in the finished product", "OT_Q_REMAINS"),
    ("intentionally added", "OT_Q_INTENTIONAL"),
    ("necessary to the functionality", "OT_Q_INTENTIONAL"),
]

COMPANY_RULES = [
    ("annex ii", "OT_CQ_OTHER"),
    ("in accordance with the oecd", "OT_CQ_OTHER"),
    ("corrective action", "OT_CQ_CORRECTIVE"),
    ("disclosure", "OT_CQ_DISCLOSURE"),
    ("sec conflict minerals rule", "OT_CQ_DISCLOSURE"),
    ("templates from all", "OT_CQ_ALL_TEMPLATES"),
    ("smelter names", "OT_CQ_SMELTER_NAMES"),
    ("from smelters", "OT_CQ_REQUIRE_VALIDATED"),
    ("to be drc conflict-free", "OT_CQ_CONFLICT_FREE"),
    ("survey", "OT_CQ_SURVEY"),
    ("fill out this", "OT_CQ_SURVEY"),
    ("ipc-1755", "OT_CQ_SURVEY"),
    ("review", "OT_CQ_REVIEW"),
    ("verify", "OT_CQ_REVIEW"),
    ("implemented", "OT_CQ_DUE_DILIGENCE"),
    ("publicly available", "OT_CQ_POLICY_PUBLIC"),
    ("policy", "OT_CQ_POLICY"),
]

# rmi-templates.md 4.7 / 4.6: what the CMRT numbers and letters mean per generation.
CMRT_Q_EXPECTED = {
    "1.00": {"1": "INTENTIONAL", "2": "COVERED_COUNTRIES", "3": "RECYCLED", "4": "ALL_SMELTERS",
             "5": "SMELTERS_VALIDATED"},
    "2.x": {"1": "INTENTIONAL", "2": "COVERED_COUNTRIES", "3": "RECYCLED", "4": "RESPONSE_RATE",
            "5": "ALL_SMELTERS", "6": "SMELTERS_VALIDATED"},
    "3.01": {"1": "INTENTIONAL", "2": "REMAINS", "3": "COVERED_COUNTRIES", "4": "RECYCLED",
             "5": "RESPONSE_RATE", "6": "ALL_SMELTERS", "7": "ALL_INFO_REPORTED"},
    "6.x": {"1": "INTENTIONAL", "2": "REMAINS", "3": "COVERED_COUNTRIES", "4": "CAHRA",
            "5": "RECYCLED", "6": "RESPONSE_RATE", "7": "ALL_SMELTERS", "8": "ALL_INFO_REPORTED"},
}
CMRT_CQ_EXPECTED = {
    "1.00": "A=POLICY B=POLICY_PUBLIC C=CONFLICT_FREE D=REQUIRE_VALIDATED E=DUE_DILIGENCE "
            "F=ALL_TEMPLATES G=SURVEY H=SMELTER_NAMES I=REVIEW J=CORRECTIVE K=DISCLOSURE",
    "2.x": "A=POLICY B=POLICY_PUBLIC C=CONFLICT_FREE D=REQUIRE_VALIDATED E=DUE_DILIGENCE "
           "F=SURVEY G=SMELTER_NAMES H=REVIEW I=CORRECTIVE J=DISCLOSURE",
    "3.01": "A=POLICY B=POLICY_PUBLIC C=CONFLICT_FREE D=REQUIRE_VALIDATED E=DUE_DILIGENCE "
            "F=SURVEY G=SMELTER_NAMES H=REVIEW I=CORRECTIVE J=DISCLOSURE",
    "6.x": "A=POLICY B=POLICY_PUBLIC C=REQUIRE_VALIDATED D=DUE_DILIGENCE E=SURVEY F=REVIEW "
           "G=CORRECTIVE H=DISCLOSURE",
}


def cmrt_generation(version):
    if version == "1.00":
        return "1.00"
    if version.startswith("2."):
        return "2.x"
    if version == "3.01":
        return "3.01"
    return "6.x"


def role_of(text, rules, what):
    low = text.lower()
    for needle, role in rules:
        if needle in low:
            return role
    sys.exit("gen-layouts: no role rule matches %s text %r" % (what, text))


def strip_key(text):
    """'1) Is any ...' / 'A. Have you ...' -> the question itself."""
    return re.sub(r"^\s*([0-9]+\)|[A-Z]\.)\s*", "", text).strip()


# ---- list columns, from the English header ---------------------------------------------

SMELTER_HEADERS = [
    (r"^smelter identification number input column$", "OT_SM_ID_INPUT"),
    (r"^metal$", "OT_SM_METAL"),
    (r"^smelter (look-up|reference list)$", "OT_SM_LOOKUP_NAME"),
    (r"^(smelter name( \(1\))?|standard smelter names)$", "OT_SM_NAME"),
    (r"^(smelter country|smelter facility location: country)$", "OT_SM_COUNTRY"),
    (r"^(smelter identification|smelter id|)$", "OT_SM_ID"),
    (r"^source of smelter identification number$", "OT_SM_ID_SOURCE"),
    (r"^(smelter street|smelter facility location: street address|"
     r"smelter facility location: street / city / country)$", "OT_SM_STREET"),
    (r"^(smelter city|smelter facility location: city)$", "OT_SM_CITY"),
    (r"^smelter facility location: state / province$", "OT_SM_STATE"),
    (r"^smelter (facility )?contact name$", "OT_SM_CONTACT_NAME"),
    (r"^smelter (facility )?contact email$", "OT_SM_CONTACT_EMAIL"),
    (r"^proposed next steps", "OT_SM_NEXT_STEPS"),
    (r"^name of mine", "OT_SM_MINE_NAME"),
    (r"^location \(country\) of mine", "OT_SM_MINE_COUNTRY"),
    (r"^does 100% of the smelter", "OT_SM_RECYCLED"),
    (r"^comments$", "OT_SM_COMMENTS"),
]
# Columns of CMRT 1.00 that no later template has; not part of ot_smelter_col.
SMELTER_IGNORED = {"tier level", "is this smelter on the eicc-gesi cfs list?",
                   "product category that uses the metal", "additional product details"}

PRODUCT_HEADERS = [
    (r"^requester product number$", "OT_PR_REQUESTER_NUMBER"),
    (r"^requester product name$", "OT_PR_REQUESTER_NAME"),
    (r"(product number|product or item number)$", "OT_PR_NUMBER"),
    (r"(product name|product or item description)$", "OT_PR_NAME"),
    (r"^comments$", "OT_PR_COMMENTS"),
]

MINE_HEADERS = [
    (r"^metal$", "OT_MN_METAL"),
    (r"^name of smelter", "OT_MN_SMELTER_NAME"),
    (r"^mine facility \(site\) name$", "OT_MN_NAME"),
    (r"^mine identification", "OT_MN_ID"),
    (r"^source of mine facility identification", "OT_MN_ID_SOURCE"),
    (r"^mine facility country$", "OT_MN_COUNTRY"),
    (r"^mine facility street$", "OT_MN_STREET"),
    (r"^mine facility city$", "OT_MN_CITY"),
    (r"^mine facility location: state / province$", "OT_MN_STATE"),
    (r"^mine facility contact name$", "OT_MN_CONTACT_NAME"),
    (r"^mine facility contact email$", "OT_MN_CONTACT_EMAIL"),
    (r"^proposed next steps", "OT_MN_NEXT_STEPS"),
    (r"^comments$", "OT_MN_COMMENTS"),
]


def norm_header(h):
    return (h or "").replace("\u2019", "'").strip().lower()


def map_column(header, rules, what):
    h = norm_header(header)
    for pat, enum in rules:
        if re.search(pat, h):
            return enum
    return None


def col_number(letters):
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def parse_a1(ref):
    m = re.fullmatch(r"\$?([A-Z]{1,3})\$?([0-9]+)", ref)
    if not m:
        return None
    return int(m.group(2)), col_number(m.group(1))


def c_str(s):
    if s is None:
        return "NULL"
    out = []
    for ch in s.encode("utf-8"):
        if ch == 0x22:
            out.append('\\"')
        elif ch == 0x5C:
            out.append("\\\\")
        elif ch == 0x0A:
            out.append("\\n")
        elif 0x20 <= ch < 0x7F and ch != 0x3F:  # '?' escaped: no trigraph surprises
            out.append(chr(ch))
        else:
            out.append("\\%03o" % ch)
    return '"' + "".join(out) + '"'


def version_key(v):
    m = re.fullmatch(r"([0-9]+)\.([0-9]+)([a-z]?)", v)
    return (float(m.group(1) + "." + m.group(2)), m.group(3))


class Gen:
    def __init__(self, shared):
        self.shared = shared
        self.spec = json.load(open(os.path.join(shared, "docs", "rmi-layout.json"), encoding="utf-8"))
        self.dropdowns = {}  # (name, items, numeric_one) -> c name
        self.dd_order = []
        self.out = []
        self.countries = {}

    # -- dropdowns -----------------------------------------------------------------
    def load_countries(self):
        def names(fn):
            with open(os.path.join(self.shared, "refdata", fn), encoding="utf-8", newline="") as f:
                return [row["name"] for row in csv.DictReader(f)]
        current = names("countries.csv")
        legacy = names("countries-cmrt-legacy.csv")
        assert len(current) == 249 and len(legacy) == 238, (len(current), len(legacy))
        self.countries = {
            "current": ("countries", current),
            "plus_unknown": ("countries_plus_unknown", current + ["UNKNOWN"]),
            "legacy": ("countries_legacy", legacy),
        }

    def country_kind(self, ref):
        if "legacy" in ref:
            return "legacy"
        if "UNKNOWN" in ref or "plus" in ref:
            return "plus_unknown"
        return "current"

    def dropdown(self, name, items):
        """C name of a deduplicated ot_dropdown; numeric 1 items become "100%"."""
        numeric_one = None
        texts = []
        for it in items:
            if isinstance(it, (int, float)) and not isinstance(it, bool):
                if it != 1:
                    sys.exit("gen-layouts: numeric drop-down item %r in %s" % (it, name))
                texts.append("100%")
                numeric_one = "100%"
            else:
                texts.append(str(it))
        # A typed 1 in a 0%-formatted answer cell also shows as 100% (rmi-templates.md 1.3).
        if "100%" in texts:
            numeric_one = "100%"
        key = (name, tuple(texts), numeric_one)
        if key not in self.dropdowns:
            self.dropdowns[key] = "dd_%d" % len(self.dropdowns)
            self.dd_order.append(key)
        return self.dropdowns[key]

    def resolve_dropdown(self, lay, name, extra=None):
        # dynamic: computed at run time; broken_name / empty_range: the template's own list
        # is broken, so nothing was offered; same_as_representative: a suggestion only
        # (CMRT 1.00 accepts any typed contact, rmi-templates.md 4.3).
        if not name or name in ("dynamic", "broken_name", "empty_range", "same_as_representative"):
            return None
        if extra and extra.get("language_dependent") and extra.get("values_by_language"):
            words = []
            for vals in extra["values_by_language"].values():
                for w in vals:
                    if w not in words:
                        words.append(w)
            return self.dropdown(name + "_any_language", words)
        items = lay["dropdowns"].get(name)
        if items is None:
            sys.exit("gen-layouts: unknown drop-down %r" % name)
        if isinstance(items, dict):
            kind = self.country_kind(items.get("ref", ""))
            return "ot_countries_" + kind
        return self.dropdown(name, items)

    # -- one layout ----------------------------------------------------------------
    def cell(self, ref, dd=None):
        if not ref:
            return "{0, 0, NULL}"
        rc = parse_a1(ref)
        if not rc:
            return "{0, 0, NULL}"
        return "{%d, %d, %s}" % (rc[0], rc[1], ("&" + dd) if dd else "NULL")

    def answer(self, lay, a):
        dd = self.resolve_dropdown(lay, a.get("dropdown"))
        return "{%s, %s}" % (self.cell(a.get("answer"), dd), self.cell(a.get("comment")))

    def emit_layout(self, fam, ver, lay, ident):
        o = self.out
        slots = "slot_1" in lay["mineral_questions"].get("1", {})
        metals = []
        if not slots:
            for q in lay["mineral_questions"].values():
                for m in q:
                    if m not in metals:
                        metals.append(m)
        # questions
        qrows = []
        for key, per in lay["mineral_questions"].items():
            text = strip_key(lay["mineral_question_text"][key])
            role = role_of(text, QUESTION_RULES, "%s %s question %s" % (fam, ver, key))
            if fam == "CMRT":
                exp = CMRT_Q_EXPECTED[cmrt_generation(ver)][key]
                if role != "OT_Q_" + exp:
                    sys.exit("gen-layouts: CMRT %s question %s: %s, spec says %s" % (ver, key, role, exp))
            ans = []
            for i in range(10):
                k = ("slot_%d" % (i + 1)) if slots else (metals[i] if i < len(metals) else None)
                ans.append(self.answer(lay, per[k]) if k and k in per else "{{0, 0, NULL}, {0, 0, NULL}}")
            qrows.append("    {%s, %s, %s, {%s}}," % (c_str(key), role, c_str(text), ", ".join(ans)))
        o.append("static const ot_lquestion %s_questions[] = {\n%s\n};" % (ident, "\n".join(qrows)))
        # company questions
        crows = []
        for letter, cq in lay["company_questions"].items():
            text = strip_key(cq["text"])
            role = role_of(text, COMPANY_RULES, "%s %s company question %s" % (fam, ver, letter))
            if fam == "CMRT":
                exp = dict(p.split("=") for p in CMRT_CQ_EXPECTED[cmrt_generation(ver)].split())
                if role != "OT_CQ_" + exp[letter]:
                    sys.exit("gen-layouts: CMRT %s company question %s: %s, spec says %s"
                             % (ver, letter, role, exp[letter]))
            per = cq.get("per_mineral")
            empty = "{{0, 0, NULL}, {0, 0, NULL}}"
            if per:
                ans = []
                for i in range(10):
                    k = ("slot_%d" % (i + 1)) if slots else (metals[i] if i < len(metals) else None)
                    ans.append(self.answer(lay, per[k]) if k and k in per else empty)
                crows.append("    {%s, %s, %s, true, %s, {%s}}," % (c_str(letter), role, c_str(text),
                                                                  empty, ", ".join(ans)))
            else:
                crows.append("    {%s, %s, %s, false, %s, {%s}}," % (c_str(letter), role, c_str(text),
                                                                   self.answer(lay, cq), empty))
        if crows:
            o.append("static const ot_lcompany_question %s_company[] = {\n%s\n};" % (ident, "\n".join(crows)))

        # fields
        fields = ["{0, 0, NULL}"] * len(FIELDS)
        order = list(FIELDS)
        decl = lay["declaration"]
        dfields = lay["declaration_fields"]
        for fname, ref in decl.items():
            if fname not in FIELDS or not isinstance(ref, str):
                continue
            dd = self.resolve_dropdown(lay, dfields.get(fname, {}).get("dropdown"))
            fields[order.index(fname)] = self.cell(ref, dd)
        date_parts = ["{0, 0, NULL}"] * 3
        if decl.get("effective_date_day"):
            ed = dfields["effective_date"]
            for i, part in enumerate(("day", "month", "year")):
                dd = self.resolve_dropdown(lay, ed[part]["dropdown"])
                date_parts[i] = self.cell(ed[part + "_cell"], dd)
        rule = dfields.get("effective_date", {}).get("date_rule") or {}
        op = rule.get("operator") or ("between" if rule else None)
        date_min = rule.get("value1_date", "")
        date_max = rule.get("value2_date", "") if op in ("between",) else ""
        if op not in (None, "between", "greaterThan"):
            sys.exit("gen-layouts: date operator %r" % op)

        # mineral selection (EMRT 2.x, AMRT)
        selection = ["{0, 0, NULL}"] * 10
        other = ["{0, 0, NULL}"] * 10
        sorted_names = ["{0, 0, NULL}"] * 10
        other_value = None
        if slots:
            ms = dfields["minerals_in_scope"]
            sel_cells = ms["selection_cells_in_slot_order"]
            for i, ref in enumerate(sel_cells):
                v = ms.get("selection_cell_validation", {}).get(ref, {})
                selection[i] = self.cell(ref, self.resolve_dropdown(lay, v.get("dropdown")))
                rep = ms.get("replacement_rule", {}).get(ref)
                if rep and rep["when_value"].lower().startswith("other") and parse_a1(rep["use_cell"]):
                    other[i] = self.cell(rep["use_cell"])
                    other_value = rep["when_value"]
            first, last = ms["sorted_names_cells"].split(":")
            r0, c0 = parse_a1(first)
            r1, _ = parse_a1(last)
            for i in range(r1 - r0 + 1):
                sorted_names[i] = "{%d, %d, NULL}" % (r0 + i, c0)

        # lists
        lists = {}
        for sec, rules, ignored, count in (("smelter_list", SMELTER_HEADERS, SMELTER_IGNORED, 17),
                                            ("product_list", PRODUCT_HEADERS, set(), 5),
                                            ("mine_list", MINE_HEADERS, set(), 13)):
            sl = lay.get(sec)
            if not sl:
                lists[sec] = "{NULL, 0, 0, {0}, {NULL}}"
                continue
            cols = ["0"] * 17
            dds = ["NULL"] * 17
            for letter, cc in sl["columns"].items():
                if cc.get("hidden"):
                    continue  # hidden helper columns are never data
                enum = map_column(cc.get("header"), rules, sec)
                if enum is None:
                    if norm_header(cc.get("header")) in ignored:
                        continue
                    sys.exit("gen-layouts: %s %s %s column %s header %r is not mapped"
                             % (fam, ver, sec, letter, cc.get("header")))
                idx = self.enum_index(sec, enum)
                if cols[idx] != "0":
                    sys.exit("gen-layouts: %s %s %s: two columns map to %s" % (fam, ver, sec, enum))
                cols[idx] = str(col_number(letter))
                dd = self.resolve_dropdown(lay, cc.get("dropdown"), cc)
                dds[idx] = ("&" + dd) if dd else "NULL"
            names = self.enum_names(sec)
            lists[sec] = "{%s, %d, %d,\n        {%s},\n        {%s}}" % (
                c_str(sl["sheet"]), sl["first_row"], sl["last_row"],
                ", ".join("[%s] = %s" % (names[i], cols[i]) for i in range(count) if cols[i] != "0"),
                ", ".join("[%s] = %s" % (names[i], dds[i]) for i in range(count) if dds[i] != "NULL") or "NULL")

        # country list of this layout
        ckind = None
        for sec in ("smelter_list", "mine_list"):
            for cc in (lay.get(sec) or {}).get("columns", {}).values():
                if cc.get("dropdown") in lay["dropdowns"] and isinstance(lay["dropdowns"][cc["dropdown"]], dict):
                    ckind = ckind or self.country_kind(lay["dropdowns"][cc["dropdown"]].get("ref", ""))
        if ckind is None:
            for name, items in lay["dropdowns"].items():
                if isinstance(items, dict):
                    ckind = self.country_kind(items.get("ref", ""))
        if ckind is None:
            ckind = "legacy" if fam == "CMRT" and version_key(ver) < (6.0, "") else "current"

        sheet_names = [c_str("Declaration"),
                       c_str((lay.get("smelter_list") or {}).get("sheet")),
                       c_str((lay.get("product_list") or {}).get("sheet")),
                       c_str((lay.get("mine_list") or {}).get("sheet"))]
        lang = lay["detect"].get("language_cell", "")
        lang_cell = self.cell(lang.split("!")[1]) if "!" in lang else "{0, 0, NULL}"
        title = lay["detect"].get("title_en")
        n_cq = len(lay["company_questions"])
        o.append("""static const ot_layout %(id)s = {
    .family = %(fam)s,
    .version = %(ver)s,
    .name = %(name)s,
    .title_en = %(title)s,
    .sheet_names = {%(sheets)s},
    .field = {%(fields)s},
    .date_parts = {%(dparts)s},
    .date_min = %(dmin)s,
    .date_max = %(dmax)s,
    .date_min_exclusive = %(dexcl)s,
    .language = %(lang)s,
    .slots = %(slots)s,
    .metal_count = %(nmetals)d,
    .metals = {%(metals)s},
    .selection = {%(sel)s},
    .other_name = {%(other)s},
    .other_value = %(other_value)s,
    .sorted_names = {%(sorted)s},
    .question_count = %(nq)d,
    .questions = %(id)s_questions,
    .company_question_count = %(ncq)d,
    .company_questions = %(cq)s,
    .smelters = %(smelters)s,
    .products = %(products)s,
    .mines = %(mines)s,
    .countries = &ot_countries_%(ckind)s,
};""" % {
            "id": ident, "fam": FAMILIES[fam], "ver": c_str(ver), "name": c_str("%s %s" % (fam, ver)),
            "title": c_str(title), "sheets": ", ".join(sheet_names), "fields": ", ".join("[%s] = %s" % (FIELDS[order[i]], f) for i, f in enumerate(fields) if not f.startswith("{0, 0")),
            "dparts": ", ".join(date_parts), "dmin": c_str(date_min), "dmax": c_str(date_max),
            "dexcl": "true" if op == "greaterThan" else "false", "lang": lang_cell,
            "slots": "true" if slots else "false", "nmetals": len(metals),
            "metals": ", ".join(c_str(m) for m in metals) or "NULL",
            "sel": ", ".join(selection), "other": ", ".join(other), "other_value": c_str(other_value),
            "sorted": ", ".join(sorted_names), "nq": len(qrows), "ncq": n_cq,
            "cq": ("%s_company" % ident) if n_cq else "NULL",
            "smelters": lists["smelter_list"], "products": lists["product_list"],
            "mines": lists["mine_list"], "ckind": ckind,
        })

    def enum_index(self, sec, enum):
        return self.enum_names(sec).index(enum)

    def enum_names(self, sec):
        return {"smelter_list": [e for _, e in SMELTER_HEADERS],
                 "product_list": ["OT_PR_NUMBER", "OT_PR_NAME", "OT_PR_REQUESTER_NUMBER",
                                  "OT_PR_REQUESTER_NAME", "OT_PR_COMMENTS"],
                 "mine_list": [e for _, e in MINE_HEADERS]}[sec]

    # -- whole file ----------------------------------------------------------------
    def run(self, out_path):
        self.load_countries()
        idents = []
        for fam in ("CMRT", "CRT", "EMRT", "AMRT"):
            versions = sorted((v for v, lay in self.spec[fam].items()
                               if "mineral_questions" in lay and (fam, v) not in ALIASES),
                              key=version_key)
            for ver in versions:
                ident = "layout_%s_%s" % (fam.lower(), re.sub(r"[^0-9a-z]", "_", ver))
                self.emit_layout(fam, ver, self.spec[fam][ver], ident)
                idents.append(ident)
        head = ['/* layouts_data.c - generated by scripts/gen-layouts.py from rmi-layout.json — do not edit.',
                ' *',
                ' * One ot_layout per RMI template family and version (CRT 2.21 reads as 2.2), the',
                ' * drop-down lists they use and the template country lists. Regenerate with',
                ' *   /usr/bin/python3 scripts/gen-layouts.py */',
                '#include "template/layout.h"', '']
        for kind in ("current", "plus_unknown", "legacy"):
            name, items = self.countries[kind]
            head.append("static const char *const ot_countries_%s_items[] = {" % kind)
            for it in items:
                head.append("    %s," % c_str(it))
            head.append("};")
            head.append("const ot_dropdown ot_countries_%s = {%s, %d, ot_countries_%s_items, NULL};"
                        % (kind, c_str(name), len(items), kind))
            head.append("")
        for key in self.dd_order:
            name, items, numeric_one = key
            c = self.dropdowns[key]
            head.append("static const char *const %s_items[] = {%s};" % (c, ", ".join(c_str(i) for i in items)))
            head.append("static const ot_dropdown %s = {%s, %d, %s_items, %s};"
                        % (c, c_str(name), len(items), c, c_str(numeric_one)))
        head.append("")
        tail = ["", "const ot_layout *const ot_layouts[] = {"]
        tail += ["    &%s," % i for i in idents]
        tail += ["};", "const size_t ot_layout_count = sizeof ot_layouts / sizeof ot_layouts[0];", ""]
        text = "\n".join(head) + "\n" + "\n\n".join(self.out) + "\n" + "\n".join(tail)
        with open(out_path, "w", encoding="utf-8") as f:
            f.write(text)
        print("gen-layouts: %d layouts, %d drop-down lists -> %s" % (len(idents), len(self.dd_order), out_path))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"))
    ap.add_argument("--out", default=os.path.join(REPO, "src", "template", "layouts_data.c"))
    args = ap.parse_args()
    Gen(args.shared).run(args.out)


if __name__ == "__main__":
    main()
