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
 * phones (one changes their mind), staff record a paper ballot, the ballot closes and the count is shown; the
 * result goes up as a notice, staff register the compound's board and print its poster, and a passer-by's phone,
 * not signed in, opens the board from the poster's QR code and reads the result there.
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

		// the result is posted as a public notice of the compound once the closing has committed
		long notice = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
			.until(() -> jdbc.sql("select id from ntc_notice where source = ?").param("ballot:" + id).query(Long.class)
				.optional(), java.util.Optional::isPresent)
			.orElseThrow();

		// staff register the board by 1号楼 and print its poster
		browser.get(phone.url("/notices/boards"));
		new Select(browser.findElement(By.id("compoundId"))).selectByVisibleText("财政小区");
		String boardName = "财政小区1号楼公示栏 " + id;
		browser.findElement(By.id("name")).sendKeys(boardName);
		browser.findElement(By.id("place")).sendKeys("1号楼东侧单元门旁");
		phone.click(By.id("register-board"));
		phone.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("boards"), boardName));
		long board = jdbc.sql("select id from ntc_board where name = ?").param(boardName).query(Long.class).single();
		String posterLink = browser.findElement(By.cssSelector("a[href$='/notices/boards/" + board + "/poster.pdf']"))
			.getAttribute("href");
		var cookie = browser.manage().getCookieNamed("SESSION");
		var poster = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(posterLink)).header("Cookie", "SESSION=" + cookie.getValue()).build(),
				java.net.http.HttpResponse.BodyHandlers.ofByteArray());
		assertThat(poster.statusCode()).isEqualTo(200);
		String qr = readQr(poster.body());
		assertThat(qr).isEqualTo(phone.url("/boards/" + board));
		browser.manage().deleteAllCookies();

		// a phone that never signed in scans the poster: the board's page lists the result, which opens in full
		browser.get(qr);
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("board-notices")));
		assertThat(browser.findElement(By.id("board-name")).getText()).isEqualTo(boardName);
		phone.screenshot("board-from-qr");
		phone.click(By.cssSelector("#board-notices a[href$='/notices/" + notice + "']"));
		phone.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice-body")));
		assertThat(browser.findElement(By.id("notice-title")).getText()).isEqualTo("业主表决结果公示（使用维修资金）");
		String body = browser.findElement(By.id("notice-body")).getText();
		assertThat(body).contains("是否动用维修资金修缮 1 号楼屋面防水？").contains("未通过：参与表决的专有面积占")
			.contains("业主 " + expected.eligibleOwners() + " 人").contains(expected.forArea().toPlainString());
		assertThat(browser.findElement(By.id("notice-state")).getText()).isEqualTo("公示中");
		assertThat(browser.getPageSource()).doesNotContain("sq.nongchang"); // who posted it is not shown to the public
		phone.screenshot("ballot-result-notice");
	}

	/** Renders the poster as a printer would and reads its QR code as a phone camera would. */
	static String readQr(byte[] pdf) throws Exception {
		try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
			java.awt.image.BufferedImage page = new org.apache.pdfbox.rendering.PDFRenderer(doc).renderImageWithDPI(0, 100);
			int[] pixels = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
			var bitmap = new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(
					new com.google.zxing.RGBLuminanceSource(page.getWidth(), page.getHeight(), pixels)));
			return new com.google.zxing.qrcode.QRCodeReader().decode(bitmap).getText();
		}
	}
}
