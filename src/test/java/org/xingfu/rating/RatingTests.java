package org.xingfu.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.PageSession;
import org.xingfu.XingfuTest;

import tools.jackson.databind.JsonNode;

/**
 * The 八好 rating against PostgreSQL: a compound's rating from the modules' figures and the inspectors' points,
 * the default rules adding up to 100, scoring and its refusals, the designation from self-assessment to the final
 * list through a public notice, and the rules form refusing weights that do not add up.
 */
@XingfuTest
class RatingTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	int year() {
		return LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
	}

	long node(String name) {
		return jdbc.sql("select id from org_node where name = ? order by id limit 1").param(name).query(Long.class).single();
	}

	static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

	@Test
	void aCompoundsRatingAddsUpFromItsIndicators() {
		ApiClient api = new ApiClient(port);
		long compound = node("财政小区");
		ApiClient.Response r = api.get("/api/v1/ratings/compounds/" + compound + "?year=" + year(), api.token("jd.hebei"));
		assertThat(r.status()).as(r.body()).isEqualTo(200);
		JsonNode rating = r.json();
		assertThat(rating.get("dimensions")).hasSize(8);
		BigDecimal weights = BigDecimal.ZERO;
		BigDecimal earned = BigDecimal.ZERO;
		BigDecimal applicable = BigDecimal.ZERO;
		for (JsonNode i : rating.get("indicators")) {
			BigDecimal max = i.get("maxPoints").decimalValue();
			weights = weights.add(max);
			if (!i.get("points").isNull()) {
				assertThat(i.get("points").decimalValue()).isBetween(BigDecimal.ZERO, max);
				earned = earned.add(i.get("points").decimalValue());
				applicable = applicable.add(max);
			}
		}
		assertThat(weights).as("the default weights").isEqualByComparingTo("100");
		BigDecimal total = rating.get("total").decimalValue();
		assertThat(total).isEqualByComparingTo(earned.multiply(BigDecimal.valueOf(100)).divide(applicable, 2, RoundingMode.HALF_UP));
		int stars = rating.get("stars").asInt();
		assertThat(stars).isEqualTo(total.compareTo(new BigDecimal("90")) >= 0 ? 5 : total.compareTo(new BigDecimal("80")) >= 0 ? 4
				: total.compareTo(new BigDecimal("70")) >= 0 ? 3 : total.compareTo(new BigDecimal("60")) >= 0 ? 2 : 1);
		// the property coverage indicator reads the property module's figure: 财政小区 is under contract
		JsonNode coverage = null;
		for (JsonNode i : rating.get("indicators")) {
			if ("property.coverage".equals(i.get("figureCode").asString(null))) {
				coverage = i;
			}
		}
		assertThat(coverage).isNotNull();
		assertThat(coverage.get("value").decimalValue()).isEqualByComparingTo("100");
		// the result is stored for the rankings and the dashboards
		assertThat(jdbc.sql("select total from rtg_result where compound_id = ? and year = ?").params(compound, year())
			.query(BigDecimal.class).single()).isEqualByComparingTo(total);
		// out of scope: another street's admin, a resident, a future year
		assertThat(api.get("/api/v1/ratings/compounds/" + compound, api.token("jd.lingdong")).status()).isEqualTo(404);
		assertThat(api.get("/api/v1/ratings/compounds/" + compound, api.token("jm.caizheng.101")).status()).isEqualTo(404);
		assertThat(api.get("/api/v1/ratings/compounds/" + compound + "?year=" + (year() + 1), api.token("jd.hebei")).status())
			.isEqualTo(400);
	}

	@Test
	void inspectorsScoreAndTheCompoundIsRatedAgain() {
		long compound = node("幸福小区");
		long indicator = jdbc.sql("select id from rtg_indicator where source = 'INSPECTION' order by sort_order limit 1")
			.query(Long.class).single();
		PageSession street = new PageSession(port);
		street.login("admin", ApiClient.PASSWORD);
		String before = street.page("/ratings/compounds/" + compound).body();
		assertThat(before).contains("检查评分").contains("幸福小区");
		// more points than the indicator is worth: refused, nothing stored
		street.post("/ratings/compounds/" + compound + "/scores", "indicatorId=" + indicator + "&period=" + year() + "-Q1&points=99");
		assertThat(street.page("/ratings/compounds/" + compound + "?year=" + year()).body()).contains("得分须在 0 到 6 之间");
		assertThat(jdbc.sql("select count(*) from rtg_inspection_score where compound_id = ?").param(compound)
			.query(Long.class).single()).isZero();
		// two cycles, averaged
		assertThat(street.post("/ratings/compounds/" + compound + "/scores",
				"indicatorId=" + indicator + "&period=" + year() + "-Q1&points=6&note=" + enc("组织生活规范"))).isEqualTo(302);
		assertThat(street.post("/ratings/compounds/" + compound + "/scores",
				"indicatorId=" + indicator + "&period=" + year() + "-H1&points=4")).isEqualTo(302);
		ApiClient api = new ApiClient(port);
		JsonNode rating = api.get("/api/v1/ratings/compounds/" + compound, api.token("admin")).json();
		for (JsonNode i : rating.get("indicators")) {
			if (i.get("id").asLong() == indicator) {
				assertThat(i.get("value").decimalValue()).isEqualByComparingTo("5");
				assertThat(i.get("points").decimalValue()).isEqualByComparingTo("5");
			}
		}
		// a community's staff read the rating but do not score
		PageSession community = new PageSession(port);
		community.login("sq.nongchang", ApiClient.PASSWORD);
		assertThat(community.page("/ratings/compounds/" + node("财政小区")).body()).doesNotContain("id=\"score-form\"");
		community.post("/ratings/compounds/" + node("财政小区") + "/scores",
				"indicatorId=" + indicator + "&period=" + year() + "-Q2&points=3");
		assertThat(jdbc.sql("select count(*) from rtg_inspection_score where compound_id = ?").param(node("财政小区"))
			.query(Long.class).single()).isZero();
	}

	@Test
	void designationFromSelfAssessmentToTheFinalList() {
		int y = year();
		long compound = node("财政小区");
		PageSession secretary = new PageSession(port);
		secretary.login("sj.caizheng", ApiClient.PASSWORD);
		// a note too short is refused
		secretary.post("/ratings/compounds/" + compound + "/designation", "year=" + y + "&level=CITY&selfScore=95&selfNote=" + enc("好"));
		assertThat(secretary.page("/ratings/compounds/" + compound + "?year=" + y).body()).contains("请写明自评说明");
		assertThat(secretary.post("/ratings/compounds/" + compound + "/designation", "year=" + y
				+ "&level=CITY&selfScore=95&selfNote=" + enc("三长队伍健全，诉求办结及时，居民满意度高。"))).isEqualTo(302);
		long id = jdbc.sql("select id from rtg_designation where compound_id = ? and year = ?").params(compound, y)
			.query(Long.class).single();
		// the city cannot skip the street
		PageSession city = new PageSession(port);
		city.login("admin", ApiClient.PASSWORD);
		city.post("/ratings/designations/" + id + "/review", "year=" + y + "&approve=true");
		assertThat(status(id)).isEqualTo("SELF_ASSESSED");
		assertThat(city.page("/ratings/designations?year=" + y).body()).contains("您不能在该范围内进行此操作");
		// the street refuses without a reason: refused; with one: accepted
		PageSession street = new PageSession(port);
		street.login("jd.hebei", ApiClient.PASSWORD);
		street.post("/ratings/designations/" + id + "/review", "year=" + y + "&approve=false");
		assertThat(status(id)).isEqualTo("SELF_ASSESSED");
		assertThat(street.page("/ratings/designations?year=" + y).body()).contains("不通过时请写明理由");
		assertThat(street.post("/ratings/designations/" + id + "/review", "year=" + y + "&approve=true&note=" + enc("材料齐全")))
			.isEqualTo(302);
		assertThat(status(id)).isEqualTo("STREET_REVIEWED");
		assertThat(city.post("/ratings/designations/" + id + "/review", "year=" + y + "&approve=true&note=" + enc("复核通过")))
			.isEqualTo(302);
		assertThat(status(id)).isEqualTo("CITY_CHECKED");
		assertThat(city.page("/ratings/designations?year=" + y).body()).contains("已通过");
		// the proposed list goes up as a public notice
		assertThat(city.post("/ratings/designations/propose", "year=" + y + "&publicityDays=7")).isEqualTo(302);
		assertThat(status(id)).isEqualTo("PROPOSED");
		Long notice = jdbc.sql("select notice_id from rtg_designation where id = ?").param(id).query(Long.class).single();
		assertThat(jdbc.sql("select type from ntc_notice where id = ?").param(notice).query(String.class).single())
			.isEqualTo("RATING");
		assertThat(new PageSession(port).page("/notices/" + notice).body()).contains("幸福小区拟命名名单公示").contains("财政小区");
		// not final while the publicity runs
		assertThat(city.page("/ratings/designations?year=" + y).body()).contains("拟命名名单已公示");
		city.post("/ratings/designations/finalise", "year=" + y);
		assertThat(status(id)).isEqualTo("PROPOSED");
		assertThat(city.page("/ratings/designations?year=" + y).body()).contains("公示期到");
		// the period over: final, and the dashboards count the designation
		jdbc.sql("update ntc_notice set starts_at = now() - interval '9 days', ends_at = now() - interval '1 day' where id = ?")
			.param(notice).update();
		assertThat(city.post("/ratings/designations/finalise", "year=" + y)).isEqualTo(302);
		assertThat(status(id)).isEqualTo("FINAL");
		ApiClient api = new ApiClient(port);
		JsonNode d = api.get("/api/v1/dashboard/nodes/" + node("农场社区"), api.token("sq.nongchang")).json();
		BigDecimal designated = null;
		for (JsonNode f : d.get("figures")) {
			if ("rating.designated".equals(f.get("code").asString())) {
				designated = f.get("value").decimalValue();
			}
		}
		assertThat(designated).isEqualByComparingTo("1");
	}

	@Autowired
	RatingSchedule schedule;

	@Test
	void theMonthlyDispatchKeepsEachMonthsScore() throws Exception {
		schedule.rateEveryCity(true);
		long compound = node("财政小区");
		String month = java.time.YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
		BigDecimal kept = jdbc.sql("select total from rtg_month where compound_id = ? and month = ?").params(compound, month)
			.query(BigDecimal.class).single();
		assertThat(kept).isEqualByComparingTo(jdbc.sql("select total from rtg_result where compound_id = ? and year = ?")
			.params(compound, year()).query(BigDecimal.class).single());
		assertThat(jdbc.sql("select count(*) from rtg_month where month = ?").param(month).query(Long.class).single())
			.isEqualTo(jdbc.sql("select count(*) from org_node where type = 'COMPOUND'").query(Long.class).single());
		PageSession street = new PageSession(port);
		street.login("jd.hebei", ApiClient.PASSWORD);
		assertThat(street.page("/ratings/compounds/" + compound).body()).contains("月调度得分").contains(month);
	}

	@Test
	void theRulesFormRefusesWeightsThatDoNotAddUp() {
		PageSession admin = new PageSession(port);
		admin.login("admin", ApiClient.PASSWORD);
		String page = admin.page("/ratings/settings").body();
		assertThat(page).contains("组织建设好").contains("响应率");
		long first = jdbc.sql("select id from rtg_indicator order by sort_order limit 1").query(Long.class).single();
		String dimension = jdbc.sql("select dimension from rtg_indicator where id = ?").param(first).query(String.class).single();
		// only the first row sent, with 6 points: 6 ≠ 100
		admin.post("/ratings/settings", "ind0.id=" + first + "&ind0.dimension=" + dimension + "&ind0.nameZh=" + enc("党组织覆盖")
				+ "&ind0.source=FIGURE&ind0.figureCode=org.branchCoverage&ind0.target=100&ind0.maxPoints=6"
				+ "&stars5=90&stars4=80&stars3=70&stars2=60&stars1=0");
		assertThat(admin.page("/ratings/settings").body()).contains("合计须为100分，现在是 6 分");
		assertThat(jdbc.sql("select count(*) from rtg_indicator").query(Long.class).single()).isEqualTo(17);
		// the whole form as the page sends it, with two weights moved and a new inspection indicator paid for by a
		// third: saved, and the rating uses the new rules
		List<Map<String, Object>> rules = jdbc.sql("""
				select id, dimension, name_zh, name_en, source, figure_code, target, lower_better, max_points
				  from rtg_indicator order by sort_order""").query().listOfRows();
		StringBuilder form = new StringBuilder();
		for (int k = 0; k < rules.size(); k++) {
			Map<String, Object> r = rules.get(k);
			BigDecimal points = (BigDecimal) r.get("max_points");
			if (k == 0) {
				points = points.add(BigDecimal.ONE);
			}
			if (k == 1) {
				points = points.subtract(BigDecimal.ONE);
			}
			if (k == 2) {
				points = points.subtract(new BigDecimal("2"));
			}
			form.append("&ind").append(k).append(".id=").append(r.get("id"))
				.append("&ind").append(k).append(".dimension=").append(r.get("dimension"))
				.append("&ind").append(k).append(".nameZh=").append(enc((String) r.get("name_zh")))
				.append("&ind").append(k).append(".nameEn=").append(enc((String) r.get("name_en")))
				.append("&ind").append(k).append(".source=").append(r.get("source"))
				.append("&ind").append(k).append(".figureCode=").append(r.get("figure_code") == null ? "" : r.get("figure_code"))
				.append("&ind").append(k).append(".target=").append(r.get("target") == null ? "" : r.get("target"))
				.append(Boolean.TRUE.equals(r.get("lower_better")) ? "&ind" + k + ".lowerBetter=on" : "")
				.append("&ind").append(k).append(".maxPoints=").append(points.toPlainString());
		}
		int n = rules.size();
		form.append("&ind").append(n).append(".dimension=SAFETY&ind").append(n).append(".nameZh=").append(enc("电动车充电管理（检查）"))
			.append("&ind").append(n).append(".source=INSPECTION&ind").append(n).append(".maxPoints=2");
		form.append("&dim.ORGANISATION.zh=").append(enc("组织建设好")).append("&dim.ORGANISATION.en=Organisation");
		form.append("&stars5=92&stars4=80&stars3=70&stars2=60&stars1=0");
		assertThat(admin.post("/ratings/settings", form.substring(1))).isEqualTo(302);
		assertThat(admin.page("/ratings/settings").body()).contains("评星规则已保存").contains("电动车充电管理（检查）");
		assertThat(jdbc.sql("select sum(max_points) from rtg_indicator").query(BigDecimal.class).single()).isEqualByComparingTo("100");
		assertThat(jdbc.sql("select count(*) from rtg_indicator").query(Long.class).single()).isEqualTo(18);
		assertThat(jdbc.sql("select min_score from rtg_star_level where stars = 5").query(BigDecimal.class).single())
			.isEqualByComparingTo("92");
		ApiClient api = new ApiClient(port);
		JsonNode rating = api.get("/api/v1/ratings/compounds/" + node("财政小区"), api.token("admin")).json();
		assertThat(rating.get("indicators")).hasSize(18);
		// the defaults back, for the other tests
		jdbc.sql("delete from rtg_indicator where name_zh = '电动车充电管理（检查）'").update();
		for (Map<String, Object> r : rules) {
			jdbc.sql("update rtg_indicator set max_points = ? where id = ?").params(r.get("max_points"), r.get("id")).update();
		}
		jdbc.sql("update rtg_star_level set min_score = 90 where stars = 5").update();
		// a street admin cannot open the rules
		PageSession street = new PageSession(port);
		street.login("jd.hebei", ApiClient.PASSWORD);
		assertThat(street.get("/ratings/settings")).isEqualTo(403);
	}

	String status(long id) {
		return jdbc.sql("select status from rtg_designation where id = ?").param(id).query(String.class).single();
	}
}
