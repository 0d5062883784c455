package org.xingfu.vote;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.xingfu.ApiClient;
import org.xingfu.Phone;
import org.xingfu.XingfuTest;
import org.xingfu.identity.AccountManagement;

/**
 * An owners' ballot in real Chromium: community staff open a FUND_USE ballot for 财政小区, two owners vote on their
 * phones (one changes their mind), staff record a paper ballot, the ballot closes and the count is shown.
 * (Posting the result as a notice on the board comes with the notices module.)
 */
@XingfuTest
class BallotBrowserTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AccountManagement accounts;

	Phone phone;
	WebDriver browser;

	@BeforeEach
	void open() throws Exception {
		phone = new Phone(port);
		browser = phone.browser;
	}

	@AfterEach
	void close() throws Exception {
		if (phone != null) {
			phone.screenshot("ballot-journey-last");
			phone.close();
		}
	}

	@Test
	void staffOpenOwnersVoteStaffRecordPaperCloseAndCount() throws Exception {
		long compound = jdbc.sql("select id from org_node where name = '财政小区'").query(Long.class).single();
		String compoundPath = jdbc.sql("select path from org_node where id = ?").param(compound).query(String.class).single();
		// a second owner of the compound gets an account (the demo has one owner account there)
		long secondOwner = jdbc.sql("""
				select r.person_id from org_residency r join org_node h on h.id = r.household_id
				 where h.path like ? || '%' and r.relation = 'OWNER'
				   and r.person_id not in (select person_id from idn_account where person_id is not null)
				   and (select count(*) from org_residency o where o.household_id = r.household_id and o.relation = 'OWNER') = 1
				 order by r.person_id limit 1""").param(compoundPath).query(Long.class).single();
		if (accounts.actorOf("yz.caizheng.2").isEmpty()) {
			accounts.createAccount("test", "yz.caizheng.2", accounts.hash(ApiClient.PASSWORD), secondOwner, "第二业主");
		}

		phone.login("sq.nongchang");
		browser.get(phone.url("/ballots/new"));
		new Select(browser.findElement(By.id("compoundId"))).selectByVisibleText("财政小区");
		new Select(browser.findElement(By.id("matter"))).selectByValue("FUND_USE");
		browser.findElement(By.id("question")).sendKeys("是否动用维修资金修缮 1 号楼屋面防水？");
		phone.click(By.cssSelector("form[action$='/ballots/new'] button[type=submit]"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("participation")));
		String ballotUrl = browser.getCurrentUrl();
		long id = Long.parseLong(ballotUrl.substring(ballotUrl.lastIndexOf('/') + 1));
		assertThat(browser.findElement(By.id("participation")).getText()).startsWith("已有 0/");
		browser.manage().deleteAllCookies();

		phone.login("jm.caizheng.101");
		browser.get(ballotUrl);
		phone.click(By.id("vote-AGAINST"));
		phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("my-choice"), "反对"));
		phone.click(By.id("vote-FOR"));
		phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("my-choice"), "同意"));
		phone.screenshot("ballot-owner");
		browser.manage().deleteAllCookies();

		phone.login("yz.caizheng.2");
		browser.get(ballotUrl);
		phone.click(By.id("vote-FOR"));
		phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("participation"), "已有 2/"));
		browser.manage().deleteAllCookies();

		long paperHousehold = jdbc.sql("""
				select household_id from vot_roll where ballot_id = ? and owner_key not in
				  (select owner_key from vot_vote where ballot_id = ?) order by household_id limit 1""").params(id, id)
			.query(Long.class).single();
		phone.login("sq.nongchang");
		browser.get(ballotUrl);
		browser.findElement(By.id("householdId")).sendKeys(String.valueOf(paperHousehold));
		new Select(browser.findElement(By.name("choice"))).selectByValue("AGAINST");
		phone.click(By.id("paper-submit"));
		phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("participation"), "已有 3/"));
		// too early to close while owners have yet to vote
		phone.click(By.id("close"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".alert-danger")));
		assertThat(browser.findElements(By.id("result"))).isEmpty();

		jdbc.sql("update vot_ballot set closes_at = now() - interval '1 second' where id = ?").param(id).update();
		browser.get(ballotUrl);
		phone.click(By.id("close"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("result")));
		String result = browser.findElement(By.id("result")).getText();
		assertThat(result).contains("表决未通过"); // 3 owners of many: no quorum
		phone.screenshot("ballot-result");
		var expected = Tally.count(Matter.FUND_USE, jdbc.sql("""
				select sum(r.area_m2), v.choice from vot_roll r left join vot_vote v on v.ballot_id = r.ballot_id and v.owner_key = r.owner_key
				 where r.ballot_id = ? group by r.owner_key, v.choice""").param(id)
			.query((rs, i) -> new Tally.Owner(rs.getBigDecimal(1), rs.getString(2) == null ? null : Tally.Choice.valueOf(rs.getString(2))))
			.list());
		assertThat(expected.participatingOwners()).isEqualTo(3);
		assertThat(expected.forOwners()).isEqualTo(2);
		assertThat(result).contains(expected.eligibleArea().toPlainString()).contains(expected.forArea().toPlainString());
	}
}
