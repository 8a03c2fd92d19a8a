-- 010 suppliers and products (campaign): the vendor list, its contacts, the BOM, and the
-- scoping decision with its reason per supplier. Written by `suppliers import`,
-- `products import` and `suppliers scope`; every change has an audit entry.
CREATE TABLE supplier (
    id            INTEGER PRIMARY KEY,
    supplier_key  TEXT NOT NULL UNIQUE,      -- the vendor list's supplier_id
    name          TEXT NOT NULL,
    country       TEXT,
    category      TEXT,                      -- as imported (free text kept as is)
    category_norm TEXT NOT NULL DEFAULT '',  -- normalised: direct, indirect, service, ...
    last_purchase TEXT,                      -- ISO date
    active        INTEGER,                   -- 1, 0, NULL = not given
    parent_key    TEXT,
    in_scope      INTEGER,                   -- NULL until scoped
    scope_reason  TEXT,                      -- "in: ...", "out: ..."
    vendor_reason TEXT,                      -- what the vendor-list route says
    bom_reason    TEXT,                      -- what the BOM route says
    scoped_at     TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX supplier_scope ON supplier (in_scope, category_norm);

CREATE TABLE supplier_contact (
    supplier_id  INTEGER NOT NULL REFERENCES supplier (id),
    contact_key  TEXT NOT NULL,              -- lower-case e-mail, or "name:" || name
    position     INTEGER NOT NULL,           -- order of first appearance
    name         TEXT,
    email        TEXT,
    email_domain TEXT,                       -- lower-case part after '@' (file linking)
    role         TEXT,
    PRIMARY KEY (supplier_id, contact_key)
);
CREATE INDEX supplier_contact_domain ON supplier_contact (email_domain);

CREATE TABLE product (
    id             INTEGER PRIMARY KEY,
    product_key    TEXT NOT NULL UNIQUE,
    name           TEXT,
    covered        INTEGER NOT NULL DEFAULT 0,
    covered_reason TEXT,
    updated_at     TEXT NOT NULL
);

-- One BOM line: a part of a product and the supplier that delivers it. supplier_key is
-- not a foreign key: a BOM may name a supplier the vendor list lacks (reported).
CREATE TABLE bom_part (
    product_id   INTEGER NOT NULL REFERENCES product (id),
    part_key     TEXT NOT NULL,
    supplier_key TEXT NOT NULL DEFAULT '',
    part_name    TEXT,
    contains_3tg TEXT NOT NULL CHECK (contains_3tg IN ('yes', 'no', 'unknown')),
    PRIMARY KEY (product_id, part_key, supplier_key)
);
CREATE INDEX bom_part_supplier ON bom_part (supplier_key);
