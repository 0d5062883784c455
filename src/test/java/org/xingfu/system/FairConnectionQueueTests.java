package org.xingfu.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.xingfu.XingfuTest;

import com.zaxxer.hikari.HikariDataSource;

/** The fair queue in front of the pool, against the real test database. */
@XingfuTest
class FairConnectionQueueTests {

	@Autowired
	DataSource dataSource;

	@Test
	void theApplicationPoolIsQueuedFairly() throws Exception {
		// the suite runs with a replica pool (xingfu.replica.url=primary): the router sends to the fair primary
		assertThat(dataSource).isInstanceOf(ReplicaRouting.Router.class);
		assertThat(dataSource.unwrap(FairConnectionQueue.Fair.class)).isInstanceOf(FairConnectionQueue.Fair.class);
		assertThat(dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize()).isPositive();
		try (Connection c = dataSource.getConnection()) {
			assertThat(c.createStatement().executeQuery("select 1").next()).isTrue();
		}
	}

	@Test
	void waitersAreServedInTheOrderTheyCameAndEveryCloseGivesOnePermitBack() throws Exception {
		HikariDataSource app = dataSource.unwrap(HikariDataSource.class);
		try (HikariDataSource two = new HikariDataSource()) {
			two.setJdbcUrl(app.getJdbcUrl());
			two.setUsername(app.getUsername());
			two.setPassword(app.getPassword());
			two.setMaximumPoolSize(2);
			two.setConnectionTimeout(2_000);
			FairConnectionQueue.Fair fair = new FairConnectionQueue.Fair(two);

			Connection first = fair.getConnection();
			Connection second = fair.getConnection();
			// both taken: three waiters queue up one after another
			List<Integer> served = new CopyOnWriteArrayList<>();
			List<CompletableFuture<Void>> waiters = new ArrayList<>();
			ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
			for (int i = 0; i < 3; i++) {
				int n = i;
				waiters.add(CompletableFuture.runAsync(() -> {
					try (Connection c = fair.getConnection()) {
						served.add(n);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}, threads));
				// waiter n is parked in the queue before n + 1 arrives
				Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> fair.waiting() == n + 1);
			}
			assertThat(served).isEmpty();

			first.close();
			first.close(); // a second close must not hand out a second permit
			CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
			assertThat(served).containsExactly(0, 1, 2);

			// one permit is still held by `second`: one more connection, then the queue is full again
			Connection third = fair.getConnection();
			assertThatThrownBy(fair::getConnection).isInstanceOf(SQLTransientConnectionException.class)
				.hasMessageContaining("2000 ms");
			third.close();
			second.close();
			try (Connection a = fair.getConnection(); Connection b = fair.getConnection()) {
				assertThat(a.isValid(1)).isTrue();
				assertThat(b.isValid(1)).isTrue();
			}
		}
	}
}
