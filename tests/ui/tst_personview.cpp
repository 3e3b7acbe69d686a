// SPDX-License-Identifier: GPL-3.0-or-later
// The person view as a reviewer's workbench (issue 36): an action can only reach the person on
// screen. No person, no action; ids are shown, never typed; a dialog opened for one person is gone
// when another is selected; focus comes back to the card, never into a field; "Link id…" links the
// id the person has at Smile ID, audited, and the card follows it. Real windows, a real store, the
// sandbox over TLS; driven by object names and real clicks and keys.
#include "UiTestFixture.h"

#include "SandboxServer.h"
#include "approvals/ApprovalsView.h"
#include "dialogs/ActionDialog.h"
#include "dialogs/ReasonDialog.h"
#include "i18n/Translations.h"
#include "main/MainWindow.h"
#include "models/ActionsModel.h"
#include "models/FederatedSearchModel.h"
#include "providers/sdkfinance/SdkFinanceClient.h"
#include "providers/sdkfinance/SdkFinancePanel.h"
#include "providers/smartid/SmartIdPanel.h"
#include "providers/smileid/SmileIdPanel.h"
#include "services/Session.h"
#include "store/Store.h"
#include "subjects/FederatedSortModel.h"
#include "subjects/LinkSubjectDialog.h"
#include "subjects/ProfileSectionBox.h"
#include "subjects/SourceStatusStrip.h"
#include "subjects/SubjectProfileView.h"
#include "theme/ThemeManager.h"

#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

class TestPersonView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void noPersonNoAction();
    void idsAreShownNeverTyped();
    void actionTargetsTheSelectedPerson();
    void linkIdIsAuditedAndTheCardFollows();
    void repeatIsFlaggedAndTheRequesterWithdraws();
    void cardShowsStateBadgesAndFollowsOutcomes();
    void themeSwitchRepaintsTheStatusChips();
    void themeSwitchKeepsEveryTextReadable();
    void languageSwitchLeavesNoStaleText();

private:
    /// The names of every state-changing button of the person view.
    static QStringList actionButtons();
    /// Searches `text` and returns the proxy rows known to Trust Swiftly (at least `count` of them).
    QList<int> trustSwiftlyRows(MainWindow* window, const QString& text, int count);
    static void selectRow(MainWindow* window, int row);
    int pendingFor(const QString& userId);

    UiTestFixture m_fixture;
};

void TestPersonView::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.startSandbox(300, &error), qPrintable(error));
}

void TestPersonView::init()
{
    QString error;
    QVERIFY2(m_fixture.createStore(&error), qPrintable(error));
}

QStringList TestPersonView::actionButtons()
{
    return {QStringLiteral("smileIdAllowReenroll"), QStringLiteral("smileIdDeactivate"),
            QStringLiteral("smileIdReactivate"),    QStringLiteral("smileIdMarkFraud"),
            QStringLiteral("smileIdClearFraud"),    QStringLiteral("smileIdDelete"),
            QStringLiteral("smileIdLinkId"),        QStringLiteral("smartIdUnenroll"),
            QStringLiteral("sdkFinanceReset"),      QStringLiteral("assignReverify")};
}

QList<int> TestPersonView::trustSwiftlyRows(MainWindow* window, const QString& text, int count)
{
    auto* search = window->findChild<QLineEdit*>(QStringLiteral("searchField"));
    window->showTab(MainWindow::UsersTab);
    search->clear();
    QTest::keyClicks(search, text);
    QTest::keyClick(search, Qt::Key_Return);
    UiTestFixture::waitForSearch(window);
    QList<int> rows;
    QAbstractItemModel* model = window->resultsProxy();
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, 0)
                .data(FederatedSearchModel::ProviderIdsRole)
                .toMap()
                .contains(QStringLiteral("trustswiftly")))
            rows << row;
    if (rows.size() < count)
        qWarning() << "only" << rows.size() << "Trust Swiftly rows for" << text;
    return rows;
}

void TestPersonView::selectRow(MainWindow* window, int row)
{
    auto* table = window->findChild<QTableView*>(QStringLiteral("resultsView"));
    const QRect cell = table->visualRect(table->model()->index(row, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
}

int TestPersonView::pendingFor(const QString& userId)
{
    QString error;
    const auto pending =
        m_fixture.store()->actionsInStateOf(ActionRecord::State::PendingApproval, {userId}, &error);
    return pending ? int(pending->size()) : -1;
}

void TestPersonView::noPersonNoAction()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    QTRY_VERIFY_WITH_TIMEOUT(window->session()->client<SdkFinanceClient>()->isLoggedIn(), 10000);
    // A person known to SDK.Finance: its card holds their id and the reset can be asked for.
    const PopulationUser person = m_fixture.sandbox()->population().user(7);
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), person.lastName, QStringLiteral("sdkfinance")));
    auto* sdkId = window->findChild<QLineEdit*>(QStringLiteral("sdkFinanceUserId"));
    QVERIFY(!sdkId->text().isEmpty());
    QTRY_VERIFY2(window->findChild<QPushButton*>(QStringLiteral("sdkFinanceReset"))->isEnabled(),
                 qPrintable(window->findChild<QPushButton*>(QStringLiteral("sdkFinanceReset"))->toolTip()));
    // A Trust Swiftly person: their Smile ID and SmartID cards are filled in.
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), person.email));
    QVERIFY(window->findChild<QPushButton*>(QStringLiteral("smileIdMarkFraud"))->isEnabled());

    // A new search: no person is selected, every card is empty and nothing can be done.
    auto* search = window->findChild<QLineEdit*>(QStringLiteral("searchField"));
    search->selectAll();
    QTest::keyClicks(search, QStringLiteral("zzzz-nobody"));
    QTest::keyClick(search, Qt::Key_Return);
    QVERIFY(UiTestFixture::waitForSearch(window.get()));
    QCOMPARE(window->findChild<QLabel*>(QStringLiteral("detailTitle"))->text(),
             QStringLiteral("No user selected"));
    for (const char* field : {"smileIdUserId", "smartIdUser", "sdkFinanceUserId"})
        QVERIFY2(window->findChild<QLineEdit*>(QString::fromLatin1(field))->text().isEmpty(), field);
    for (const QString& name : actionButtons()) {
        auto* button = window->findChild<QPushButton*>(name);
        QVERIFY2(button, qPrintable(name));
        QVERIFY2(!button->isEnabled(), qPrintable(name));
        QVERIFY2(!button->toolTip().isEmpty(), qPrintable(name));
    }
    QVERIFY(window->findChild<QPushButton*>(QStringLiteral("smileIdMarkFraud"))
                ->toolTip()
                .contains(QStringLiteral("Select a person")));
}

void TestPersonView::idsAreShownNeverTyped()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    const PopulationUser person = m_fixture.sandbox()->population().user(12);
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), person.email));
    for (const char* name : {"smileIdUserId", "smartIdUser", "sdkFinanceUserId"}) {
        auto* field = window->findChild<QLineEdit*>(QString::fromLatin1(name));
        QVERIFY2(field->isReadOnly(), name);
        QVERIFY2(!(field->focusPolicy() & Qt::TabFocus), name);
        const QString before = field->text();
        QTest::mouseClick(field, Qt::LeftButton);
        QTest::keyClicks(field, QStringLiteral("REF-000999"));
        QTest::keyClick(field, Qt::Key_Backspace);
        QCOMPARE(field->text(), before);
    }
    QCOMPARE(window->findChild<QLineEdit*>(QStringLiteral("smileIdUserId"))->text(), person.referenceId);
}

void TestPersonView::actionTargetsTheSelectedPerson()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    const PopulationUser first = m_fixture.sandbox()->population().user(3);
    const QList<int> rows = trustSwiftlyRows(window.get(), first.lastName, 2);
    QVERIFY(rows.size() >= 2);
    auto* panel = window->findChild<SmileIdPanel*>();
    selectRow(window.get(), rows.at(0));
    const QString a = panel->userId();
    QVERIFY(!a.isEmpty());
    QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("smileIdMarkFraud")), Qt::LeftButton);
    QPointer<ActionDialog> dialog = UiTestFixture::waitForDialog<ActionDialog>();
    QVERIFY(dialog);
    const QString description = dialog->findChild<QLabel*>(QStringLiteral("actionDescription"))->text();
    QVERIFY2(description.contains(a), qPrintable(description));
    QVERIFY2(description.contains(QStringLiteral("marks every one failed")), qPrintable(description));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("actionReason")), QStringLiteral("Case 1"));

    // The selection changes while the dialog is open (a refresh, another window): the dialog was for
    // the previous person and is gone; nothing was asked for anyone.
    auto* table = window->findChild<QTableView*>(QStringLiteral("resultsView"));
    table->setCurrentIndex(table->model()->index(rows.at(1), 0));
    QTRY_VERIFY(!dialog || !dialog->isVisible());
    const QString b = panel->userId();
    QVERIFY(!b.isEmpty() && b != a);
    QCOMPARE(pendingFor(a), 0);
    QCOMPARE(pendingFor(b), 0);

    // Asked again, the dialog names the person now selected, and the action targets them.
    const QString bName = window->findChild<QLabel*>(QStringLiteral("detailTitle"))->text();
    QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("smileIdMarkFraud")), Qt::LeftButton);
    dialog = UiTestFixture::waitForDialog<ActionDialog>();
    QVERIFY(dialog);
    const QString second = dialog->findChild<QLabel*>(QStringLiteral("actionDescription"))->text();
    QVERIFY2(second.contains(b) && second.contains(bName), qPrintable(second));
    // The exact request is there, collapsed.
    auto* details = dialog->findChild<QAbstractButton*>(QStringLiteral("actionRequestDetails"));
    QVERIFY(details && !details->isChecked());
    QVERIFY(!dialog->findChild<QWidget*>(QStringLiteral("actionPreview"))->isVisible());
    QTest::mouseClick(details, Qt::LeftButton);
    QVERIFY(dialog->findChild<QWidget*>(QStringLiteral("actionPreview"))->isVisible());
    QVERIFY(UiTestFixture::screenshot(dialog, QStringLiteral("personview-action-dialog")));
    auto* reason = dialog->findChild<QLineEdit*>(QStringLiteral("actionReason"));
    QTest::keyClicks(reason, QStringLiteral("Case 2: matches a known fraud ring"));
    QTest::keyClick(reason, Qt::Key_Return);
    QVERIFY(UiTestFixture::confirmStepUp()); // marking fraud: the password again
    QTRY_VERIFY(!dialog || !dialog->isVisible());
    QTRY_COMPARE(pendingFor(b), 1);
    QCOMPARE(pendingFor(a), 0);
    // The person view follows: what waits for approval and the audit history are read again.
    auto* profile = window->profileView();
    QTRY_VERIFY_WITH_TIMEOUT(
        profile->section(QStringLiteral("approvals"))->findChild<QTableWidget*>()->rowCount() == 1, 10000);
    QTRY_VERIFY(profile->section(QStringLiteral("audit"))->findChild<QTableWidget*>()->rowCount() >= 1);
    // Its time in the one locale-aware format of the console, not ISO 8601.
    const QString when =
        profile->section(QStringLiteral("audit"))->findChild<QTableWidget*>()->item(0, 0)->text();
    QVERIFY2(QLocale().toDateTime(when, QLocale::ShortFormat).isValid(), qPrintable(when));

    // Focus is back on the card, never in a field: typing now changes no target.
    // (The window's focus widget: where keys go once the window is active again.)
    const auto focus = [&window] {
        return window->focusWidget();
    };
    QTRY_VERIFY2(focus() && (focus() == panel || panel->isAncestorOf(focus())),
                 focus() ? qPrintable(focus()->objectName()) : "no focus");
    QVERIFY(!qobject_cast<QLineEdit*>(focus()));
    QTest::keyClicks(focus(), QStringLiteral("x"));
    QCOMPARE(panel->userId(), b);
    QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("personview")));
}

void TestPersonView::linkIdIsAuditedAndTheCardFollows()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    const PopulationUser person = m_fixture.sandbox()->population().user(21);
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), person.email));
    auto* panel = window->findChild<SmileIdPanel*>();
    QCOMPARE(panel->userId(), person.referenceId);
    QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("smileIdLinkId")), Qt::LeftButton);
    auto* dialog = UiTestFixture::waitForDialog<LinkSubjectDialog>();
    QVERIFY(dialog);
    auto* id = dialog->findChild<QLineEdit*>(QStringLiteral("linkProviderId"));
    QVERIFY(id);
    QTRY_COMPARE(QApplication::focusWidget(), id);
    id->selectAll();
    QTest::keyClicks(id, QStringLiteral("OLD-ENROLL-21"));
    auto* reference = dialog->findChild<QLineEdit*>(QStringLiteral("linkReference"));
    if (reference->text().isEmpty())
        QTest::keyClicks(reference, QStringLiteral("CUST-000021"));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("linkReason")),
                     QStringLiteral("Enrolled under the old id, ticket 88"));
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("linkConfirm")), Qt::LeftButton);
    QTRY_COMPARE(panel->userId(), QStringLiteral("OLD-ENROLL-21"));
    QString error;
    AuditFilter filter;
    const auto entries = m_fixture.store()->auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    bool linked = false;
    for (const AuditEntry& e : *entries)
        linked = linked || (e.event == QLatin1String("subject-linked") &&
                            e.subjectIds.contains(QStringLiteral("OLD-ENROLL-21")));
    QVERIFY(linked);
    // The next action targets the linked id.
    QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("smileIdDeactivate")), Qt::LeftButton);
    auto* action = UiTestFixture::waitForDialog<ActionDialog>();
    QVERIFY(action);
    QVERIFY(action->findChild<QLabel*>(QStringLiteral("actionDescription"))
                ->text()
                .contains(QStringLiteral("OLD-ENROLL-21")));
    QTest::keyClick(action, Qt::Key_Escape);
}

void TestPersonView::repeatIsFlaggedAndTheRequesterWithdraws()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    const PopulationUser person = m_fixture.sandbox()->population().user(30);
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), person.email));
    auto* panel = window->findChild<SmileIdPanel*>();
    const auto ask = [&](bool expectRepeat) -> qint64 {
        QTest::mouseClick(panel->findChild<QPushButton*>(QStringLiteral("smileIdMarkFraud")), Qt::LeftButton);
        auto* dialog = UiTestFixture::waitForDialog<ActionDialog>();
        if (!dialog)
            return -1;
        auto* repeat = dialog->findChild<QLabel*>(QStringLiteral("actionRepeat"));
        const qint64 repeated = dialog->repeatedAction();
        if (repeat->isVisible() != expectRepeat)
            return -2;
        auto* reason = dialog->findChild<QLineEdit*>(QStringLiteral("actionReason"));
        QTest::keyClicks(reason, QStringLiteral("Case 7"));
        QTest::keyClick(reason, Qt::Key_Return);
        if (!UiTestFixture::confirmStepUp()) // marking fraud: the password again
            return -3;
        return repeated;
    };
    QCOMPARE(ask(false), 0);
    QTRY_COMPARE(pendingFor(person.referenceId), 1);
    // The same again: the dialog says so, naming the earlier action with a link to it.
    auto* markFraud = panel->findChild<QPushButton*>(QStringLiteral("smileIdMarkFraud"));
    QTRY_VERIFY2(markFraud->isEnabled(), qPrintable(markFraud->toolTip()));
    QTest::mouseClick(markFraud, Qt::LeftButton);
    auto* dialog = UiTestFixture::waitForDialog<ActionDialog>();
    QVERIFY(dialog);
    auto* repeat = dialog->findChild<QLabel*>(QStringLiteral("actionRepeat"));
    QVERIFY(repeat->isVisible());
    const qint64 first = dialog->repeatedAction();
    QVERIFY(first > 0);
    QVERIFY2(repeat->text().contains(QStringLiteral("#%1").arg(first)), qPrintable(repeat->text()));
    QVERIFY(repeat->text().contains(QStringLiteral("waiting for a supervisor's approval")));
    QVERIFY(UiTestFixture::screenshot(dialog, QStringLiteral("personview-repeat")));
    // Following the link closes the dialog and shows the earlier action under Approvals.
    emit repeat->linkActivated(QStringLiteral("action:%1").arg(first));
    QTRY_VERIFY(!dialog->isVisible());
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    QTRY_COMPARE(tabs->currentIndex(), int(MainWindow::ApprovalsTab));
    auto* approvals = window->findChild<ApprovalsView*>();
    auto* table = approvals->findChild<QTableView*>(QStringLiteral("approvalsTable"));
    QCOMPARE(table->currentIndex().siblingAtColumn(ActionsModel::IdColumn).data().toString(),
             QString::number(first));

    // Asked anyway: both are listed, each marked as a repeat of the other.
    window->showTab(MainWindow::UsersTab);
    QCOMPARE(ask(true), first);
    QTRY_COMPARE(pendingFor(person.referenceId), 2);
    QTRY_COMPARE(approvals->count(), 2);
    QVERIFY(approvals->repeatsOf(first).size() == 1);
    for (int row = 0; row < 2; ++row) {
        const QString text = approvals->model()->index(row, ActionsModel::ActionColumn).data().toString();
        QVERIFY2(text.contains(QStringLiteral("REPEATED")) &&
                     text.contains(QStringLiteral("marks every one failed")),
                 qPrintable(text));
    }

    // The requester withdraws the first, with a reason; it is audited and never sent.
    window->showTab(MainWindow::ApprovalsTab);
    QVERIFY(approvals->selectAction(first));
    auto* withdraw = approvals->findChild<QPushButton*>(QStringLiteral("withdrawButton"));
    QVERIFY2(withdraw->isEnabled(), qPrintable(withdraw->toolTip()));
    QVERIFY(!approvals->findChild<QPushButton*>(QStringLiteral("approveButton"))->isEnabled());
    QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("approvals-repeat")));
    QTest::mouseClick(withdraw, Qt::LeftButton);
    auto* reasonDialog = UiTestFixture::waitForDialog<ReasonDialog>();
    QVERIFY(reasonDialog);
    auto* ok = reasonDialog->findChild<QPushButton*>(QStringLiteral("reasonDialogOk"));
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(reasonDialog->findChild<QLineEdit*>(QStringLiteral("reasonDialogEdit")),
                     QStringLiteral("Asked twice"));
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_COMPARE(approvals->count(), 1);
    QCOMPARE(pendingFor(person.referenceId), 1);
    QString error;
    AuditFilter filter;
    filter.actionId = first;
    const auto entries = m_fixture.store()->auditEntries(filter, &error);
    QVERIFY2(entries, qPrintable(error));
    bool withdrawn = false;
    for (const AuditEntry& e : *entries)
        withdrawn =
            withdrawn || (e.event == QLatin1String("withdrawn") && e.reason == QLatin1String("Asked twice") &&
                          e.operatorName == QLatin1String("officer"));
    QVERIFY(withdrawn);
    QCOMPARE(m_fixture.enrolleeRequests(), 0);
}

void TestPersonView::cardShowsStateBadgesAndFollowsOutcomes()
{
    if (!m_fixture.hasSmileIdEmulator())
        QSKIP("the sandbox has no Smile ID emulator");
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    const PopulationUser person = m_fixture.sandbox()->population().user(40);
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), person.email));
    auto* panel = window->findChild<SmileIdPanel*>();
    ProfileSectionBox* card = window->profileView()->section(QStringLiteral("smileid"));
    // One card per provider: its state and its actions in the same box.
    QVERIFY(card->isAncestorOf(panel));
    QVERIFY(window->profileView()
                ->section(QStringLiteral("smartid"))
                ->isAncestorOf(window->findChild<SmartIdPanel*>()));
    QTRY_VERIFY(!card->bodyText().isEmpty());
    QVERIFY(!card->bodyText().contains(QStringLiteral("DEACTIVATED")));
    // Deactivate needs no approval: sent at once; the card follows the outcome without a click.
    auto* deactivate = panel->findChild<QPushButton*>(QStringLiteral("smileIdDeactivate"));
    QTRY_VERIFY(deactivate->isEnabled());
    QTest::mouseClick(deactivate, Qt::LeftButton);
    auto* dialog = UiTestFixture::waitForDialog<ActionDialog>();
    QVERIFY(dialog);
    auto* reason = dialog->findChild<QLineEdit*>(QStringLiteral("actionReason"));
    QTest::keyClicks(reason, QStringLiteral("Case 40: lost phone"));
    QTest::keyClick(reason, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(card->bodyText().contains(QStringLiteral("DEACTIVATED")), 15000);
    QVERIFY2(card->bodyText().contains(QStringLiteral("Active")), qPrintable(card->bodyText()));
    QVERIFY(!card->bodyText().contains(QStringLiteral("is_fraudulent")));
    QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("personview-card")));
}

namespace {
/// The contrast of a rendered widget's text on its background: the commonest colour is the
/// background, the colour furthest from it the text (anti-aliasing only ever lowers it).
double imageContrast(const QImage& image)
{
    QHash<QRgb, int> counts;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            ++counts[image.pixel(x, y)];
    QRgb background = 0;
    int most = -1;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        if (it.value() > most) {
            most = it.value();
            background = it.key();
        }
    double best = 1;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        best = qMax(best, ThemeManager::contrastRatio(QColor(it.key()), QColor(background)));
    return best;
}

double renderedContrast(QWidget* widget)
{
    return imageContrast(widget->grab().toImage());
}
} // namespace

void TestPersonView::themeSwitchRepaintsTheStatusChips()
{
    ThemeManager::apply(ThemeManager::Theme::Light);
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    const PopulationUser person = m_fixture.sandbox()->population().user(4);
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), person.email));
    auto* strip = window->findChild<SourceStatusStrip*>();
    QVERIFY(strip);
    const auto chips = [strip] {
        QList<QLabel*> found;
        for (QLabel* label : strip->findChildren<QLabel*>())
            if (label->isVisible() && !label->text().isEmpty())
                found << label;
        return found;
    };
    QVERIFY(!chips().isEmpty());
    for (const ThemeManager::Theme theme : {ThemeManager::Theme::Dark, ThemeManager::Theme::Light}) {
        ThemeManager::apply(theme); // at run time, with the window open
        QCoreApplication::processEvents();
        for (QLabel* chip : chips()) {
            const double ratio = renderedContrast(chip);
            QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("%1: %2:1").arg(chip->text()).arg(ratio)));
        }
        if (theme == ThemeManager::Theme::Dark)
            QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("personview-dark")));
    }
}

namespace {
/// Every enabled text on screen under root whose rendered contrast on its own background is below
/// WCAG AA (4.5:1), as "name “text” ratio:1" (disabled controls are exempt, as WCAG has it).
QStringList unreadableTexts(QWidget* root, int* checked)
{
    // As the officer sees it: the window as drawn, each text in its own rectangle of it.
    QWidget* window = root->window();
    const QImage shot = window->grab().toImage();
    const qreal scale = shot.devicePixelRatio();
    QStringList found;
    for (QWidget* w : root->findChildren<QWidget*>()) {
        if (!w->isVisible() || !w->isEnabled() || w->visibleRegion().isEmpty() || w->width() < 4 ||
            w->height() < 4)
            continue;
        QString text;
        if (auto* label = qobject_cast<QLabel*>(w); label && label->pixmap().isNull())
            text = label->text();
        else if (auto* button = qobject_cast<QAbstractButton*>(w))
            text = button->text();
        if (text.trimmed().isEmpty())
            continue;
        const QRect box = w->visibleRegion().boundingRect().translated(w->mapTo(window, QPoint(0, 0)));
        const QImage part = shot.copy(QRect((box.topLeft() * scale), box.size() * scale));
        const double ratio = imageContrast(part);
        ++*checked;
        if (ratio < 4.5)
            found << QStringLiteral("%1 %2 “%3” %4:1")
                         .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                              text.left(40))
                         .arg(ratio, 0, 'f', 2);
    }
    return found;
}
} // namespace

void TestPersonView::themeSwitchKeepsEveryTextReadable()
{
    // Switched at run time with the window open, on every tab: every label and button an officer
    // can read is at least 4.5:1 on the background it is drawn on, in both themes (rendered).
    ThemeManager::apply(ThemeManager::Theme::Light);
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    const PopulationUser person = m_fixture.sandbox()->population().user(4);
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), person.email));
    auto* profile = window->profileView();
    QTRY_VERIFY(profile->section(QStringLiteral("audit")) != nullptr);
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    QStringList bad;
    int total = 0;
    for (const ThemeManager::Theme theme : {ThemeManager::Theme::Dark, ThemeManager::Theme::Light}) {
        ThemeManager::apply(theme);
        QCoreApplication::processEvents();
        for (int tab = 0; tab < tabs->count(); ++tab) {
            tabs->setCurrentIndex(tab);
            QCoreApplication::processEvents();
            int checked = 0;
            const QStringList texts = unreadableTexts(tabs->currentWidget(), &checked);
            QVERIFY2(checked > 0, qPrintable(tabs->tabText(tab)));
            total += checked;
            for (const QString& text : texts)
                bad << QStringLiteral("%1 theme, tab “%2”: %3")
                           .arg(theme == ThemeManager::Theme::Dark ? QStringLiteral("dark")
                                                                   : QStringLiteral("light"),
                                tabs->tabText(tab), text);
        }
        tabs->setCurrentIndex(MainWindow::UsersTab);
        // And a dialog opened in that theme: an action that cannot be sent says why, in red.
        ActionRequest request;
        request.provider = QStringLiteral("smileid");
        request.action = QStringLiteral("flag");
        request.params = QJsonObject{{QStringLiteral("flag"), QStringLiteral("is_fraudulent")},
                                     {QStringLiteral("value"), true}};
        ActionDialog dialog(window->actionService(), request, person.firstName, window.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("actionProblem"))->isVisible());
        int checked = 0;
        for (const QString& text : unreadableTexts(&dialog, &checked))
            bad << QStringLiteral("action dialog: %1").arg(text);
        QVERIFY(checked > 3);
        total += checked;
    }
    qInfo("%d texts checked", total);
    QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
    ThemeManager::apply(ThemeManager::Theme::Light);
}

namespace {
/// The texts a person sees in the person view and Approvals, by object name: buttons, card titles,
/// form labels and the tab titles.
QMap<QString, QString> visibleTexts(MainWindow* window)
{
    QMap<QString, QString> texts;
    QList<QWidget*> roots{window->findChild<QWidget*>(QStringLiteral("userDetailPane")),
                          window->profileView(),
                          window->findChild<QWidget*>(QStringLiteral("approvalsView"))};
    for (QWidget* root : roots) {
        for (QAbstractButton* b : root->findChildren<QAbstractButton*>())
            if (!b->objectName().isEmpty())
                texts.insert(b->objectName(), b->text());
        for (QGroupBox* g : root->findChildren<QGroupBox*>())
            texts.insert(g->objectName() + QStringLiteral(".title"), g->title());
        int n = 0;
        for (QLabel* l : root->findChildren<QLabel*>())
            if (l->objectName().isEmpty() && l->buddy() == nullptr && l->text().endsWith(u':'))
                texts.insert(QStringLiteral("%1.label%2").arg(root->objectName()).arg(n++), l->text());
    }
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    for (int i = 0; i < tabs->count(); ++i)
        texts.insert(QStringLiteral("tab%1").arg(i),
                     tabs->tabText(i).remove(QRegularExpression(QStringLiteral("\\d"))));
    int m = 0;
    for (QAction* a : window->menuBar()->actions())
        texts.insert(QStringLiteral("menu%1").arg(m++), a->text());
    return texts;
}
} // namespace

void TestPersonView::languageSwitchLeavesNoStaleText()
{
    // The same person in a window that was open through the switch and in one opened after it: every
    // text must be the same (what a fresh window shows is the translation).
    Translations::install(QStringLiteral("en"));
    auto open = m_fixture.openWindow(QStringLiteral("officer"));
    const PopulationUser person = m_fixture.sandbox()->population().user(8);
    QVERIFY(UiTestFixture::searchAndSelect(open.get(), person.email));
    const QMap<QString, QString> english = visibleTexts(open.get());
    for (const QString& language : {QStringLiteral("fr"), QStringLiteral("en")}) {
        QCOMPARE(Translations::install(language), language); // at run time, with the window open
        QCoreApplication::processEvents();
        auto fresh = m_fixture.openWindow(QStringLiteral("officer"));
        QVERIFY(UiTestFixture::searchAndSelect(fresh.get(), person.email));
        const QMap<QString, QString> switched = visibleTexts(open.get());
        const QMap<QString, QString> expected = visibleTexts(fresh.get());
        for (auto it = expected.cbegin(); it != expected.cend(); ++it)
            QVERIFY2(switched.value(it.key()) == it.value(),
                     qPrintable(QStringLiteral("%1 (%2): “%3”, a new window says “%4”")
                                    .arg(it.key(), language, switched.value(it.key()), it.value())));
        if (language == QLatin1String("fr")) {
            // Translated where the translations have it, not merely unchanged.
            QVERIFY(switched.value(QStringLiteral("smileIdMarkFraud")) !=
                    english.value(QStringLiteral("smileIdMarkFraud")));
            QVERIFY(switched.value(QStringLiteral("smileIdPanel.title")).size() > 0);
            QVERIFY(UiTestFixture::screenshot(open.get(), QStringLiteral("personview-fr")));
        }
    }
}

QTEST_MAIN(TestPersonView)
#include "tst_personview.moc"
