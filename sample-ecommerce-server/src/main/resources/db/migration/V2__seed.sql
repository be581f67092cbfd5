-- Demo data. Explicit ids keep the data predictable for demos and tests ("order 1", "product 7"); the identity
-- columns are then moved past them so that new rows never collide with the seed.

INSERT INTO products (id, sku, name, description, price, stock) VALUES
    (1,  'SKU-1',  'Mechanical keyboard',         'Tenkeyless keyboard with brown switches', 89.90, 25),
    (2,  'SKU-2',  'Wireless mouse',              'Ergonomic mouse, USB-C receiver',         29.99, 40),
    (3,  'SKU-3',  '27-inch 4K monitor',          'IPS panel, USB-C power delivery',        349.00,  6),
    (4,  'SKU-4',  'Laptop stand',                'Adjustable aluminium stand',              39.50, 15),
    (5,  'SKU-5',  'Noise-cancelling headphones', 'Over-ear, 30 h battery',                 199.00,  3),
    (6,  'SKU-6',  'Webcam 1080p',                'Full HD webcam with privacy shutter',     59.00,  0),
    (7,  'SKU-7',  'USB-C cable',                 '2 m, 100 W',                               9.99,  2),
    (8,  'SKU-8',  'USB-C hub',                   '7 ports, HDMI and Ethernet',              49.00, 12),
    (9,  'SKU-9',  'Desk lamp',                   'LED lamp with dimmer',                    34.90,  8),
    (10, 'SKU-10', 'Ergonomic office chair',      'Mesh back, adjustable lumbar support',   429.00,  1);

INSERT INTO customers (id, name, email, tier) VALUES
    (1, 'Alice Martin', 'alice@example.com', 'GOLD'),
    (2, 'Bob Chen',     'bob@example.com',   'STANDARD'),
    (3, 'Carla Rossi',  'carla@example.com', 'SILVER'),
    (4, 'Dmitri Ivanov', 'dmitri@example.com', 'STANDARD');

INSERT INTO orders (id, customer_id, status, total, created_at, updated_at) VALUES
    (1, 1, 'CONFIRMED', 149.88, TIMESTAMP WITH TIME ZONE '2025-11-03 09:15:00+00:00', TIMESTAMP WITH TIME ZONE '2025-11-03 10:02:00+00:00'),
    (2, 2, 'NEW',        78.97, TIMESTAMP WITH TIME ZONE '2025-11-10 14:40:00+00:00', TIMESTAMP WITH TIME ZONE '2025-11-10 14:40:00+00:00'),
    (3, 3, 'SHIPPED',   388.50, TIMESTAMP WITH TIME ZONE '2025-10-28 08:05:00+00:00', TIMESTAMP WITH TIME ZONE '2025-10-30 16:30:00+00:00');

INSERT INTO order_items (id, order_id, product_id, quantity, unit_price) VALUES
    (1, 1, 1, 1,  89.90),
    (2, 1, 2, 2,  29.99),
    (3, 2, 7, 3,   9.99),
    (4, 2, 8, 1,  49.00),
    (5, 3, 3, 1, 349.00),
    (6, 3, 4, 1,  39.50);

INSERT INTO order_notes (id, order_id, author, text, created_at) VALUES
    (1, 1, 'support-desk', 'Customer asked for gift wrapping.', TIMESTAMP WITH TIME ZONE '2025-11-03 10:05:00+00:00');

ALTER TABLE products ALTER COLUMN id RESTART WITH 1000;
ALTER TABLE customers ALTER COLUMN id RESTART WITH 1000;
ALTER TABLE orders ALTER COLUMN id RESTART WITH 1000;
ALTER TABLE order_items ALTER COLUMN id RESTART WITH 1000;
ALTER TABLE order_notes ALTER COLUMN id RESTART WITH 1000;
