/**
 * The shop domain: JPA entities, Spring Data repositories, the transactional
 * {@link dev.mcpguard.sample.shop.ShopService} that holds every business rule (stock, totals, order status
 * transitions), and the immutable views it returns.
 */
@NullMarked
package dev.mcpguard.sample.shop;

import org.jspecify.annotations.NullMarked;
