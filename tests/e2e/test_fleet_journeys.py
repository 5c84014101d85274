"""The journeys people take: log in, see the fleet, open a system and a ticket."""

import re

from playwright.sync_api import expect


def test_a_hospital_user_sees_its_own_fleet_and_nothing_of_another_customer(log_in, live_server):
    page = log_in("zuh.user")
    expect(page.get_by_role("heading", name="Welcome, Ulrik")).to_be_visible()
    page.get_by_role("link", name="Fleet").click()
    page.get_by_role("link", name="Assets").click()
    expect(page.locator("table.table-bordered")).to_contain_text("Roskilde Hospital")
    body = page.locator("body").inner_text()
    assert "Aarhus" not in body and "Holbæk" not in body  # Holbæk: not assigned to zuh.user
    assert re.search(r"Record Count:\s*30\b", body)  # 2 sites x 15 systems


def test_support_opens_a_ticket_and_reads_its_activity_log(log_in, live_server):
    page = log_in("support")
    page.goto(f"{live_server}/ticketmodelview/list/")
    expect(page.locator("table.table-bordered")).to_contain_text("SR-")
    page.locator("table a[href*='/ticketmodelview/show/']").first.click()
    expect(page.get_by_text("Ticket number")).to_be_visible()
    page.locator(".nav-tabs a", has_text="Activities").click()
    expect(page.locator(".tab-pane.active table")).to_contain_text(
        re.compile("Customer-reported problem")
    )


def test_a_contract_page_lists_the_assets_it_covers(log_in, live_server):
    page = log_in("zuh.manager")
    page.goto(f"{live_server}/contractmodelview/list/")
    page.locator("table a[href*='/contractmodelview/show/']").first.click()
    page.locator(".nav-tabs a", has_text="Assets").click()
    expect(page.locator(".tab-pane.active table")).to_contain_text("Asset ID")


def test_a_manager_adds_a_user_after_a_weak_password_is_explained(log_in, live_server):
    page = log_in("zuh.manager")
    page.goto(f"{live_server}/portal-users/add")
    page.fill("#username", "zuh.browser")
    page.fill("#first_name", "Bo")
    page.fill("#last_name", "Winther")
    page.fill("#email", "bo@zuh.example")
    page.select_option("#role", "User")
    page.select_option("#accounts", label="Roskilde Hospital")
    page.fill("#new_password", "weakpass")
    page.fill("#conf_password", "weakpass")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".help-block, .alert")).to_contain_text(["an upper-case letter"])
    page.fill("#new_password", "Strong-pass-8")
    page.fill("#conf_password", "Strong-pass-8")
    page.get_by_role("button", name="Save").click()
    page.goto(f"{live_server}/portal-users/list/")
    expect(page.locator("table.table-bordered")).to_contain_text("zuh.browser")


def test_the_change_password_form_checks_the_rules_while_typing(log_in, live_server):
    page = log_in("zuh.recipient")
    page.goto(f"{live_server}/resetmypassword/form")
    rules = page.locator("#password-rules li[data-rule]")
    page.fill("#password", "fjord")
    expect(rules.nth(0)).to_have_class(re.compile("list-group-item-danger"))  # length
    expect(rules.nth(2)).to_have_class(re.compile("list-group-item-success"))  # lower-case
    page.fill("#password", "Fjord-lantern-42")
    for index in range(rules.count()):
        expect(rules.nth(index)).to_have_class(re.compile("list-group-item-success"))


def test_support_filters_the_asset_list_by_an_account_found_by_typing(log_in, live_server):
    page = log_in("support")
    page.goto(f"{live_server}/assetmodelview/list/")
    page.locator("a.accordion-toggle", has_text="Search").click()
    page.locator("#filter_form").get_by_role("button", name="Add Filter").click()
    page.locator("#filter_form a.filter[name=account]").click()
    page.locator("#filter_form .select2-selection", has_text="Type to search").click()
    page.locator(".select2-search__field").fill("roskilde")
    page.locator(".select2-results__option", has_text="Roskilde Hospital").first.click()
    page.locator("#filter_form button[type=submit]").click()

    expect(page.locator("table.table-bordered")).to_contain_text("Roskilde Hospital")
    body = page.locator("body").inner_text()
    assert re.search(r"Record Count:\s*15\b", body)  # Roskilde's 15 systems
    assert "Aarhus" not in page.locator("table.table-bordered").inner_text()
    # The filter stays on screen, named, after the page reloads with it.
    page.reload()
    page.locator("a.accordion-toggle", has_text="Search").click()
    expect(page.locator("#filter_form .select2-selection__rendered").last).to_contain_text(
        "Roskilde Hospital (Zealand University Hospital)"
    )
