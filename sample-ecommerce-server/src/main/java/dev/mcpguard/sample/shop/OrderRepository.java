package dev.mcpguard.sample.shop;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/**
 * Access to {@link Order}s, with their items and notes.
 */
public interface OrderRepository extends JpaRepository<Order, Long> {

	/**
	 * Load and lock an order, so that two concurrent changes of one order run one after the other.
	 * @param id the order id
	 * @return the order, if it exists
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select o from Order o where o.id = :id")
	Optional<Order> findByIdForUpdate(Long id);

	/**
	 * Ids of the products on an order, without loading the products.
	 * @param orderId the order id
	 * @return the distinct product ids
	 */
	@Query("select distinct i.product.id from OrderItem i where i.order.id = :orderId")
	List<Long> findProductIds(Long orderId);

	/**
	 * Orders of a customer, newest first.
	 * @param customerId the customer id
	 * @return the customer's orders
	 */
	List<Order> findByCustomerIdOrderByCreatedAtDescIdDesc(Long customerId);

}
