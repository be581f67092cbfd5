package dev.mcpguard.sample.shop;

import java.util.Collection;
import java.util.List;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/**
 * Access to {@link Product}s.
 */
public interface ProductRepository extends JpaRepository<Product, Long> {

	/**
	 * Products whose name, SKU or description contains a pattern, with at least some units in stock.
	 * @param pattern a lower-case SQL {@code LIKE} pattern that uses {@code !} as escape character
	 * @param minStock the minimum units in stock
	 * @return the matching products, by name
	 */
	@Query("""
			select p from Product p
			where (lower(p.name) like :pattern escape '!'
				or lower(p.sku) like :pattern escape '!'
				or lower(coalesce(p.description, '')) like :pattern escape '!')
			and p.stock >= :minStock
			order by p.name, p.id""")
	List<Product> search(String pattern, int minStock);

	/**
	 * Load and lock products, always in id order so that concurrent orders cannot deadlock.
	 * @param ids the product ids
	 * @return the products found, by id
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select p from Product p where p.id in :ids order by p.id")
	List<Product> findAllForUpdate(Collection<Long> ids);

}
