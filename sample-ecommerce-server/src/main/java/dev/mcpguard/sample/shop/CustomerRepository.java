package dev.mcpguard.sample.shop;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Access to {@link Customer}s.
 */
public interface CustomerRepository extends JpaRepository<Customer, Long> {

}
