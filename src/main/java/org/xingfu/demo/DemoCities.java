package org.xingfu.demo;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The mark the demo loader leaves on the city it generated (V59), and nothing else. */
@Component
class DemoCities {

	private final JdbcClient jdbc;

	DemoCities(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Long> demoCity() {
		return jdbc.sql("select city_id from demo_city order by city_id limit 1").query(Long.class).optional();
	}

	void mark(long cityId, int households) {
		jdbc.sql("insert into demo_city (city_id, households) values (?, ?)").params(cityId, households).update();
	}
}
