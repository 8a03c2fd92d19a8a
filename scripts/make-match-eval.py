#!/usr/bin/python3
"""Generates the smelter-matching evaluation set (tests/refdata/eval.tsv).

Each row is a smelter as a supplier might report it on a CMRT/EMRT Smelter List, built
from the current RMI look-up lists (../shared/refdata/cmrt-6.5-smelter-lookup.csv and
emrt-2.1-smelter-lookup.csv) and, for names older lists used, from the history in the
snapshot shipped with oretrace (data/refdata.tsv), with the smelter ID it really is:

  exact        a look-up alias, unchanged
  case         upper/lower case, doubled or missing spaces
  accents      accents stripped, or added where a typist might
  legal        legal form changed, dropped or added (Co., Ltd. / Company Limited / ...)
  order        two words swapped
  abbrev       words abbreviated (Intl, Ind., Mtls, Tech, Mfg, Corp, Co)
  typo         one or two keyboard slips (insert, delete, substitute, transpose)
  ocr          OCR confusions (rn/m, 0/O, l/1, I/l, cl/d, vv/w)
  truncated    cut to the width of a narrow spreadsheet column
  extra        words added: Smelter, Refinery, Plant, the city, the country
  country      country missing, or a wrong country
  metal        the metal column holds another metal than the smelter's
  garbled      the metal written badly ("Fantalum", "Tungstcn", "Ti n")
  old_name     a name from an older RMI list (renamed facility, legacy alias)
  typed_id     the smelter ID typed, in the forms people type it (CID2763, 2763, 1JPN072)
  combo        several of the above at once
  unknown      not an RMI smelter: invented facilities, traders, component makers,
               near-misses of real names, placeholders; truth is empty (must stay
               unresolved)

Columns: metal, name, country, smelter_id (the `oretrace match --tsv` input), then
truth_id and category. Deterministic (fixed seed). Usage:
  scripts/make-match-eval.py [--rows N] [--seed S] [--refdata data/refdata.tsv]
                             [--lookups DIR] [--out FILE]
"""
import argparse
import csv
import random
import re
import sys
import unicodedata
from collections import defaultdict


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            out.append({"t": "\t", "n": "\n", "r": "\r"}.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def load(path):
    smelters, aliases, sources, legacy = {}, defaultdict(list), {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            f_ = [unescape(x) for x in line.rstrip("\n").split("\t")]
            kind = f_[0]
            if kind == "source":
                sources[f_[1]] = f_[3]
            elif kind == "smelter":
                smelters[f_[1]] = dict(id=f_[1], metal=f_[2], name=f_[3], country=f_[4],
                                       city=f_[7], state=f_[9], successor=f_[10],
                                       last_seen=f_[13])
            elif kind == "alias":
                aliases[f_[1]].append((f_[2], f_[3]))
            elif kind == "legacy":
                legacy[f_[1]] = f_[2]
    return smelters, aliases, sources, legacy


def current_of(smelters, sid):
    seen = 0
    while smelters[sid]["successor"] and seen < 16:
        sid = smelters[sid]["successor"]
        seen += 1
    return sid


def loose(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]", "", s)


LEGAL_WORDS = {"co", "ltd", "limited", "company", "inc", "incorporated", "corp", "corporation",
               "gmbh", "sa", "ag", "llc", "jsc", "ojsc", "zao", "oao", "pao", "pt", "tbk", "spa",
               "bv", "nv", "kk", "pvt", "private", "sdn", "bhd", "berhad", "ltda", "sarl", "sas",
               "oy", "ab", "as", "kg", "plc", "pte", "pty", "cv", "de", "srl", "dmcc", "fzc",
               "fze", "joint", "stock"}


def core(name):
    """Letters and digits of the name without legal-form words (for collision checks)."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", s.replace(".", ""))
    return "".join(w for w in words if w not in LEGAL_WORDS and w != "and" and w != "the")


LEGAL_FORMS = [
    ("Co., Ltd.", ["Co. Ltd", "Co.,Ltd", "Company Limited", "Co Ltd", "CO., LTD.", "Ltd.", ""]),
    ("Co. Ltd.", ["Co., Ltd.", "Company Limited", "Ltd", ""]),
    ("Co., Ltd", ["Co. Ltd.", "Company Ltd", ""]),
    ("Ltd.", ["Limited", "Ltd", "LTD", ""]),
    ("Limited", ["Ltd.", "Ltd", ""]),
    ("Inc.", ["Incorporated", "Inc", "INC", ""]),
    ("Corporation", ["Corp.", "Corp", ""]),
    ("Corp.", ["Corporation", "Corp", ""]),
    ("S.A.", ["SA", "S.A", "S. A.", ""]),
    ("S.p.A.", ["SpA", "S.P.A.", "Spa", ""]),
    ("GmbH", ["Gmbh", "G.m.b.H.", ""]),
    ("AG", ["A.G.", ""]),
    ("LLC", ["L.L.C.", "Llc", ""]),
    ("B.V.", ["BV", ""]),
    ("N.V.", ["NV", ""]),
    ("Pvt. Ltd.", ["Private Limited", "Pvt Ltd", ""]),
    ("Sdn. Bhd.", ["Sdn Bhd", "SDN BHD", ""]),
    ("Tbk", ["TBK", ""]),
    ("Ltda.", ["Ltda", "Limitada", ""]),
    ("JSC", ["Joint Stock Company", "J.S.C.", ""]),
    ("S.A. de C.V.", ["SA de CV", "S.A. DE C.V.", ""]),
]
LEGAL_ADD = [" Co., Ltd.", " Ltd.", " Inc.", " Corporation", " GmbH", " S.A.", " LLC",
             " Company Limited"]

ABBREV = [
    ("International", ["Intl", "Int'l", "Intl."]), ("Industries", ["Ind.", "Inds", "Ind"]),
    ("Industry", ["Ind.", "Ind"]), ("Industrial", ["Ind."]), ("Metals", ["Mtls", "Met."]),
    ("Metal", ["Mtl"]), ("Technology", ["Tech", "Tech."]), ("Technologies", ["Tech", "Techs"]),
    ("Manufacturing", ["Mfg", "Mfg."]), ("Corporation", ["Corp"]), ("Company", ["Co"]),
    ("Refinery", ["Ref.", "Refin."]), ("Refining", ["Ref."]), ("Smelting", ["Smelt."]),
    ("Materials", ["Mat.", "Matls"]), ("Mining", ["Mng"]), ("Nonferrous", ["Non-Fer."]),
    ("Non-Ferrous", ["NF", "Non Ferrous"]), ("Precious", ["Prec."]), ("Group", ["Grp"]),
    ("Chemical", ["Chem."]), ("Development", ["Dev."]), ("Products", ["Prods"]),
]

OCR = [("rn", "m"), ("m", "rn"), ("O", "0"), ("o", "0"), ("l", "1"), ("I", "l"), ("i", "1"),
       ("cl", "d"), ("d", "cl"), ("w", "vv"), ("e", "c"), ("S", "5"), ("B", "8"), ("h", "b")]

GARBLED = {
    "Tantalum": ["Fantalum", "Tantalun", "Tanta1um", "Tantalium", "tantal um", "TANTALUN"],
    "Tungsten": ["Tungstcn", "Tungstem", "Tungs ten", "Tunqsten", "TUNGSTEN ", "Tugnsten"],
    "Tin": ["Ti n", "T1n", "TIN.", "t in"],
    "Gold": ["GoId", "Go1d", "G old", "Goid", "GOLD (Au)"],
    "Cobalt": ["Cobait", "Coba1t", "Co balt", "Cobolt"],
    "Copper": ["Coppor", "C0pper", "Cooper", "Copp er"],
    "Lithium": ["Lithuim", "Lith1um", "Lithiun"],
    "Nickel": ["Nickle", "Nicke1", "Nlckel"],
    "Mica": ["Mlca", "M1ca", "Mica "],
}

COUNTRIES = ["CHINA", "JAPAN", "GERMANY", "UNITED STATES OF AMERICA", "BRAZIL", "INDIA",
             "INDONESIA", "KOREA, REPUBLIC OF", "RUSSIAN FEDERATION", "BELGIUM",
             "SWITZERLAND", "MEXICO", "PERU", "THAILAND", "MALAYSIA", "CANADA", "AUSTRALIA"]
COUNTRY_TYPED = {
    "UNITED STATES OF AMERICA": ["USA", "United States", "U.S.A.", "US"],
    "KOREA, REPUBLIC OF": ["South Korea", "Korea", "Republic of Korea"],
    "RUSSIAN FEDERATION": ["Russia"], "CHINA": ["China", "PRC", "P.R. China"],
    "TAIWAN, PROVINCE OF CHINA": ["Taiwan"], "VIET NAM": ["Vietnam"],
    "CONGO, DEMOCRATIC REPUBLIC OF THE": ["DRC", "DR Congo"],
    "BOLIVIA (PLURINATIONAL STATE OF)": ["Bolivia"], "JAPAN": ["Japan", "JP"],
}

# Invented facilities: parts that look like real smelter names, combined so that they do
# not spell a listed one (checked against the reference list below).
PLACES = ["Hunan", "Jiangxi", "Yunnan", "Guangxi", "Guangdong", "Fujian", "Sichuan", "Anhui",
          "Shandong", "Henan", "Zhejiang", "Jiangsu", "Hubei", "Shaanxi", "Inner Mongolia",
          "Ganzhou", "Chenzhou", "Liuzhou", "Gejiu", "Kunming", "Xiamen", "Ningbo", "Suzhou",
          "Osaka", "Nagoya", "Busan", "Incheon", "Bangka", "Surabaya", "Penang", "Hanoi",
          "Lima", "Oruro", "Minas", "Ural", "Siberia", "Bavaria", "Ontario", "Nevada", "Texas"]
INVENTED = ["Xinrui", "Huaxin", "Jinlong", "Tianyu", "Hengtai", "Dongsheng", "Ruifeng",
            "Baocheng", "Zhongxing", "Kaida", "Longxiang", "Shengda", "Yongxin", "Fuda",
            "Hongyuan", "Jiahe", "Taiyang", "Sanhe", "Weiye", "Dingsheng", "Kinsei",
            "Daiichi", "Hanmi", "Sejin", "Mitra", "Karya", "Sentosa", "Andina", "Orovale",
            "Aurelia", "Metalvia", "Nordmetall", "Silvermark", "Brightore", "Ferrocrest",
            "Goldcrest", "Stannex", "Wolfrex", "Tantaline", "Cobaltix"]
TRADES = ["Nonferrous Metals", "Metal Materials", "Tungsten Products", "Tin Industry",
          "Precious Metals", "Gold Refinery", "Smelting", "Rare Metals", "New Materials",
          "Metallurgy", "Refining", "Mining and Smelting", "Alloy", "Resources",
          "Electronic Materials", "Recycling Technology", "Metal Industry"]
NON_SMELTERS = ["Global Metals Trading Ltd", "Apex Electronic Components Co., Ltd.",
                "Shenzhen Huaqiang Electronics Market", "Arrow Electronics", "Avnet Inc.",
                "Digi-Key Corporation", "Mouser Electronics", "Foxconn Technology Group",
                "Samsung Electro-Mechanics", "Murata Manufacturing Co., Ltd.",
                "TDK Corporation", "Kemet Electronics", "Vishay Intertechnology",
                "Molex LLC", "TE Connectivity", "Amphenol Corporation",
                "Alpha Solder Distributor", "Local scrap dealer", "Metal Recycling Center",
                "Our supplier", "Supplier did not disclose", "See attached list",
                "Various", "Recycled", "Scrap", "Unknown smelter", "N/A", "TBD",
                "Refer to supplier", "Not applicable", "Multiple smelters",
                "Kester Solder", "Indium Corporation of America", "Senju Metal Industry",
                "Henkel Electronics", "AIM Metals & Alloys", "Heraeus Electronics",
                "Nihon Superior", "Qualitek International", "Shenmao Technology",
                "Harima Chemicals", "Koki Company"]
LEGAL_OUT = [" Co., Ltd.", " Ltd.", " Inc.", " Corp.", " GmbH", " S.A.", " LLC", ""]
EXTRA = ["Smelter", "Refinery", "Plant", "Smelting Plant", "Factory", "Branch"]


def load_lookups(folder):
    """Current smelters: id -> dict(metal, name, country, city, names=[look-up aliases])."""
    cur = {}
    for f in ("cmrt-6.5-smelter-lookup.csv", "emrt-2.1-smelter-lookup.csv"):
        with open(f"{folder}/{f}", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                sid = row["smelter_id"].strip()
                if not sid:
                    continue
                s = cur.setdefault(sid, dict(id=sid, metal=row["metal"], name=row["standard_name"],
                                             country=row["country"], city=row["city"], names=[]))
                s["names"].append(row["lookup_name"])
    return cur


class Gen:
    def __init__(self, seed, current, smelters, aliases, sources, legacy):
        self.r = random.Random(seed)
        self.smelters, self.aliases, self.sources, self.legacy = smelters, aliases, sources, legacy
        self.cur = current
        self.current = [current[k] for k in sorted(current)]
        self.known = set()
        self.by_metal_names = defaultdict(set)
        for s in self.current:
            for n in s["names"] + [s["name"]]:
                self.known.add(loose(n))
                self.by_metal_names[s["metal"]].add(loose(n))
        for sid, lst in aliases.items():
            cur = current_of(smelters, sid)
            for name, _ in lst:
                self.known.add(loose(name))
                self.by_metal_names[smelters[cur]["metal"]].add(loose(name))
        for s in smelters.values():
            self.known.add(loose(s["name"]))
            self.by_metal_names[s["metal"]].add(loose(s["name"]))
        self.metals = sorted({s["metal"] for s in self.current})
        # core spelling -> IDs (current names and every older name) and -> metals
        self.core_ids = defaultdict(set)
        self.core_metals = defaultdict(set)
        for s in self.current:
            for n in s["names"] + [s["name"]]:
                self.core_ids[core(n)].add(s["id"])
                self.core_metals[core(n)].add(s["metal"])
        for sid, lst in aliases.items():
            cur = current_of(smelters, sid)
            for name, _ in lst:
                self.core_ids[core(name)].add(cur)
                self.core_metals[core(name)].add(smelters[cur]["metal"])

    def collides(self, name, truth):
        """The variant spells another smelter's name: its truth would be ambiguous."""
        ids = self.core_ids.get(core(name), set())
        return bool(ids - {truth})

    def names_of(self, s):
        return s["names"]

    def current_names(self, s):
        return s["names"]

    def pick(self):
        return self.r.choice(self.current)

    # ---- perturbations ---------------------------------------------------------
    def case(self, n):
        c = self.r.random()
        if c < 0.35:
            n = n.upper()
        elif c < 0.6:
            n = n.lower()
        elif c < 0.8:
            n = n.title()
        return re.sub(" ", lambda m: self.r.choice([" ", "  ", " "]), n) + self.r.choice(["", " ", ""])

    def accents(self, n):
        stripped = "".join(c for c in unicodedata.normalize("NFKD", n) if not unicodedata.combining(c))
        if stripped != n:
            return stripped
        table = {"a": "á", "e": "é", "o": "ö", "u": "ü", "i": "í", "c": "ç", "n": "ñ"}
        idx = [i for i, c in enumerate(n) if c in table]
        if not idx:
            return None
        for i in self.r.sample(idx, min(len(idx), self.r.choice([1, 1, 2]))):
            n = n[:i] + table[n[i]] + n[i + 1:]
        return n

    def legal(self, n):
        for form, repl in LEGAL_FORMS:
            if n.endswith(form) or n.endswith(form.rstrip(".")):
                base = n[: n.rfind(form.rstrip(".")[:2])].rstrip(" ,") if not n.endswith(form) else n[: -len(form)].rstrip(" ,")
                return (base + " " + self.r.choice(repl)).strip()
        if self.r.random() < 0.6:
            return n + self.r.choice(LEGAL_ADD)
        return None

    def order(self, n):
        w = n.split()
        if len(w) < 3:
            return None
        i = self.r.randrange(len(w) - 1)
        w[i], w[i + 1] = w[i + 1], w[i]
        return " ".join(w)

    def abbrev(self, n):
        cands = [(a, b) for a, b in ABBREV if re.search(r"\b" + re.escape(a) + r"\b", n, re.I)]
        if not cands:
            return None
        a, b = self.r.choice(cands)
        return re.sub(r"\b" + re.escape(a) + r"\b", self.r.choice(b), n, count=1, flags=re.I)

    def typo(self, n, edits=None):
        letters = [i for i, c in enumerate(n) if c.isalpha()]
        if len(letters) < 6:
            return None
        for _ in range(edits or self.r.choice([1, 1, 2])):
            letters = [i for i, c in enumerate(n) if c.isalpha()]
            i = self.r.choice(letters[1:])
            op = self.r.random()
            if op < 0.3:
                n = n[:i] + n[i + 1:]
            elif op < 0.55:
                n = n[:i] + self.r.choice("abcdefghijklmnopqrstuvwxyz") + n[i:]
            elif op < 0.8:
                n = n[:i] + self.r.choice("abcdefghijklmnopqrstuvwxyz") + n[i + 1:]
            elif i + 1 < len(n):
                n = n[:i] + n[i + 1] + n[i] + n[i + 2:]
        return n

    def ocr(self, n):
        cands = [(a, b) for a, b in OCR if a in n]
        if not cands:
            return None
        for _ in range(self.r.choice([1, 1, 2])):
            cands = [(a, b) for a, b in OCR if a in n]
            if not cands:
                break
            a, b = self.r.choice(cands)
            spots = [m.start() for m in re.finditer(re.escape(a), n)]
            i = self.r.choice(spots)
            n = n[:i] + b + n[i + len(a):]
        return n

    def truncated(self, n):
        if len(n) < 24:
            return None
        width = self.r.choice([20, 25, 30, 32, 35, 40])
        if len(n) <= width + 3:
            width = int(len(n) * 0.75)
        cut = n[:width].rstrip()
        # the start of two smelters' names: which one was meant is unknowable
        owners = {sid for key, ids in self.core_ids.items() if key.startswith(core(cut)) for sid in ids}
        return cut if len(owners) <= 1 else None

    def extra(self, n, s):
        c = self.r.random()
        if c < 0.35:
            return n + " " + self.r.choice(EXTRA)
        if c < 0.6 and s["city"]:
            return n + self.r.choice([" ", " - ", ", "]) + s["city"]
        if c < 0.8 and s["country"]:
            return n + " (" + s["country"].split(",")[0].title() + ")"
        return "The " + n if not n.lower().startswith("the ") else n + " " + self.r.choice(EXTRA)

    def typed_country(self, c):
        if c in COUNTRY_TYPED and self.r.random() < 0.5:
            return self.r.choice(COUNTRY_TYPED[c])
        return self.r.choice([c, c.title()]) if c else c

    # ---- rows ------------------------------------------------------------------
    def row(self, category):
        r = self.r
        s = self.pick()
        name = r.choice(self.current_names(s))
        if self.collides(name, s["id"]):
            return None  # the RMI list itself gives this name to two IDs
        metal, country, typed_id, truth = s["metal"], self.typed_country(s["country"]), "", s["id"]
        if r.random() < 0.15:
            country = ""
        n = name
        if category == "exact":
            pass
        elif category == "case":
            n = self.case(name)
        elif category in ("accents", "legal", "order", "abbrev", "typo", "ocr", "truncated"):
            n = getattr(self, category)(name)
        elif category == "extra":
            n = self.extra(name, s)
        elif category == "country":
            country = "" if r.random() < 0.4 else r.choice([c for c in COUNTRIES if c != s["country"]])
            n = name if r.random() < 0.6 else (self.legal(name) or name)
        elif category == "metal":
            others = [m for m in self.metals if m != metal]
            metal = r.choice(others)
            if len(self.core_metals.get(core(name), ())) > 1:
                return None  # listed for several metals: which one is meant is unknowable
        elif category == "garbled":
            if s["metal"] not in GARBLED:
                return None
            metal = r.choice(GARBLED[s["metal"]])
            n = name if r.random() < 0.7 else (self.typo(name, 1) or name)
        elif category == "old_name":
            return self.old_name_row()
        elif category == "typed_id":
            return self.typed_id_row()
        elif category == "combo":
            steps = r.sample(["legal", "typo", "case", "abbrev", "extra", "ocr", "accents"], 2)
            for st in steps:
                m = self.extra(n, s) if st == "extra" else getattr(self, st)(n)
                n = m or n
            if r.random() < 0.3:
                country = ""
        elif category == "unknown":
            return self.unknown_row()
        if n is None or not n.strip() or self.collides(n, truth):
            return None
        return [metal, n, country, typed_id, truth, category]

    def old_name_row(self):
        """A name an older RMI list used that the current list no longer carries."""
        pool = []
        for sid, lst in sorted(self.aliases.items()):
            cs = self.cur.get(current_of(self.smelters, sid))
            if not cs:
                continue
            current = {loose(x) for x in self.current_names(cs)}
            for name, src in lst:
                if loose(name) not in current and len(loose(name)) >= 6:
                    pool.append((name, cs))
        if not pool:
            return None
        name, cs = self.r.choice(pool)
        if self.collides(name, cs["id"]):
            return None  # an old name two IDs shared (legacy lists reused names)
        if self.r.random() < 0.3:
            name = self.legal(name) or name
        return [cs["metal"], name, self.typed_country(cs["country"]), "", cs["id"], "old_name"]

    def typed_id_row(self):
        r = self.r
        if r.random() < 0.2 and self.legacy:
            old, cid = r.choice(sorted(self.legacy.items()))
            cur = self.cur.get(current_of(self.smelters, cid))
            if cur:
                return [cur["metal"], r.choice(["", cur["name"]]), cur["country"], old, cur["id"], "typed_id"]
        s = self.pick()
        digits = s["id"][3:]
        typed = r.choice([s["id"], s["id"].lower(), "CID " + digits, str(int(digits)), "CID" + str(int(digits))])
        name = r.choice(["", r.choice(self.names_of(s)), self.typo(s["name"], 1) or s["name"]])
        return [s["metal"], name, self.typed_country(s["country"]), typed, s["id"], "typed_id"]

    def unknown_row(self):
        r = self.r
        c = r.random()
        metal = r.choice(self.metals[:4] if r.random() < 0.7 else self.metals)
        if c < 0.45:
            name = r.choice(PLACES) + " " + r.choice(INVENTED) + " " + r.choice(TRADES) + r.choice(LEGAL_OUT)
        elif c < 0.6:
            name = r.choice(INVENTED) + " " + r.choice(TRADES) + r.choice(LEGAL_OUT)
        elif c < 0.8:
            name = r.choice(NON_SMELTERS)
        else:
            # near miss: a real name with its most distinctive word replaced
            s = self.pick()
            words = s["name"].split()
            if len(words) < 2:
                return None
            longest = max(range(len(words)), key=lambda i: len(words[i]))
            words[longest] = r.choice(INVENTED)
            name = " ".join(words)
            metal = s["metal"]
        if loose(name) in self.known or core(name) in self.core_ids:
            return None
        country = r.choice(COUNTRIES + [""])
        return [metal, name, country, "", "", "unknown"]


WEIGHTS = [("exact", 8), ("case", 5), ("accents", 4), ("legal", 10), ("order", 3),
           ("abbrev", 5), ("typo", 12), ("ocr", 7), ("truncated", 5), ("extra", 7),
           ("country", 5), ("metal", 4), ("garbled", 4), ("old_name", 6), ("typed_id", 5),
           ("combo", 8), ("unknown", 12)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=20250425)
    ap.add_argument("--refdata", default="data/refdata.tsv")
    ap.add_argument("--lookups", default="../shared/refdata")
    ap.add_argument("--out", default="tests/refdata/eval.tsv")
    a = ap.parse_args()
    g = Gen(a.seed, load_lookups(a.lookups), *load(a.refdata))
    cats = [c for c, w in WEIGHTS for _ in range(w)]
    rows = []
    while len(rows) < a.rows:
        row = g.row(g.r.choice(cats))
        if row and "\t" not in "".join(row) and "\n" not in "".join(row):
            rows.append(row)
    out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8")
    out.write("metal\tname\tcountry\tsmelter_id\ttruth_id\tcategory\n")
    for row in rows:
        out.write("\t".join(row) + "\n")
    if out is not sys.stdout:
        out.close()
        print(f"make-match-eval: {len(rows)} rows -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
