// SPDX-License-Identifier: GPL-3.0-or-later
// SDK.Finance in the console: the Pending resets tab, approve / decline, and the reset dialog with
// mandatory profile fields, against the in-process sandbox over TLS and a real SQLite store.
#include "UiTestFixture.h"

#include "SandboxServer.h"
#include "dialogs/ActionCommand.h"
#include "dialogs/ActionDialog.h"
#include "main/MainWindow.h"
#include "providers/sdkfinance/PendingResetsModel.h"
#include "providers/sdkfinance/PendingResetsView.h"
#include "providers/sdkfinance/ProfileSchema.h"
#include "providers/sdkfinance/ResetFieldsEditor.h"
#include "providers/sdkfinance/SdkFinanceClient.h"
#include "providers/sdkfinance/SdkFinancePanel.h"
#include "search/UserDetailPane.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/SearchService.h"
#include "services/Session.h"
#include "store/Store.h"

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QtTest>

namespace {
QTreeWidgetItem* itemFor(QTreeWidget* tree, const QString& path)
{
    for (QTreeWidgetItemIterator it(tree); *it; ++it)
        if ((*it)->text(1) == path)
            return *it;
    return nullptr;
}

QStringList listed(QListWidget* list)
{
    QStringList result;
    for (int i = 0; i < list->count(); ++i)
        result << list->item(i)->text();
    return result;
}

qint64 approvalIdIn(const QString& text)
{
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("#(\\d+)")).match(text);
    return m.hasMatch() ? m.captured(1).toLongLong() : 0;
}
} // namespace

class TestSdkFinanceGui : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void pendingViewFillsAndPages();
    void pendingResetsLeadWithThePersonAndFilter();
    void refreshKeepsSelection();
    void parentTickSelectsLeavesAndResetWaitsForApproval();
    void restrictedAccountDisablesReset();
    void decidingTwiceShowsServerMessage();
    void dialogCompletesWithKeyboardOnly();
    void resetWithoutApprovalIsSentAtOnce();
    void doubleClickOpensTheUser();

private:
    PendingResetsView* openPending(MainWindow* window) const;
    int resetRequests() const;
    UiTestFixture m_fixture;
};

void TestSdkFinanceGui::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.startSandbox(1000, &error), qPrintable(error));
}

void TestSdkFinanceGui::init()
{
    QString error;
    QVERIFY2(m_fixture.createStore(&error), qPrintable(error));
}

PendingResetsView* TestSdkFinanceGui::openPending(MainWindow* window) const
{
    QTest::keyClick(window, Qt::Key_5, Qt::ControlModifier);
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    if (tabs->currentWidget()->objectName() != QLatin1String("pendingResetsView"))
        return nullptr;
    auto* view = window->findChild<PendingResetsView*>();
    if (!QTest::qWaitFor([view] { return view->model()->state() == PendingResetsModel::State::Loaded; },
                         10000))
        return nullptr;
    return view;
}

int TestSdkFinanceGui::resetRequests() const
{
    int n = 0;
    for (const RecordedRequest& r : m_fixture.sandbox()->requestLog())
        if (r.path.endsWith(QLatin1String("/reset")))
            ++n;
    return n;
}

void TestSdkFinanceGui::pendingViewFillsAndPages()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    PendingResetsView* view = openPending(window.get());
    QVERIFY(view);
    PendingResetsModel* model = view->model();
    auto* table = view->findChild<QTableView*>(QStringLiteral("pendingTable"));
    QCOMPARE(view->findChild<QComboBox*>(QStringLiteral("pendingStatusFilter"))->currentData().toString(),
             QStringLiteral("PENDING"));
    QVERIFY(model->totalCount() > 10);
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    QTRY_COMPARE(tabs->tabText(MainWindow::PendingResetsTab),
                 QStringLiteral("Pending resets (%1)").arg(QLocale().toString(model->totalCount())));

    // Small pages: scrolling down fetches them one after another, the last one partial.
    QSignalSpy pages(model, &PendingResetsModel::pageLoaded);
    model->setPageSize(7);
    model->reload();
    QTRY_VERIFY(model->state() == PendingResetsModel::State::Loaded);
    for (int guard = 0; guard < 100 && (model->canFetchMore(QModelIndex()) || model->isFetching()); ++guard) {
        table->scrollToBottom();
        QTRY_VERIFY(!model->isFetching());
    }
    QCOMPARE(qint64(pages.size()), (model->totalCount() + 6) / 7); // the last one partial when not a multiple
    QCOMPARE(qint64(model->rowCount()), model->totalCount());
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row, PendingResetsModel::StatusColumn).data().toString(),
                 QStringLiteral("PENDING"));

    // Sorting by the request id, descending.
    table->sortByColumn(PendingResetsModel::RequestIdColumn, Qt::DescendingOrder);
    const QString first = table->model()->index(0, PendingResetsModel::RequestIdColumn).data().toString();
    const QString second = table->model()->index(1, PendingResetsModel::RequestIdColumn).data().toString();
    QVERIFY2(first.toLongLong() > second.toLongLong() || first > second,
             qPrintable(first + QLatin1Char(' ') + second));
    table->sortByColumn(PendingResetsModel::CreatedColumn, Qt::AscendingOrder);
    table->selectRow(0);
    QVERIFY(m_fixture.screenshot(window.get(), QStringLiteral("sdkfinance-pending-resets")));
}

void TestSdkFinanceGui::pendingResetsLeadWithThePersonAndFilter()
{
    auto window = m_fixture.openWindow(QStringLiteral("supervisor"));
    PendingResetsView* view = openPending(window.get());
    QVERIFY(view);
    auto* table = view->findChild<QTableView*>(QStringLiteral("pendingTable"));
    QAbstractItemModel* shown = table->model();
    QTRY_VERIFY(shown->rowCount() > 5);
    // The person first, how long they have waited second; the request id last.
    QCOMPARE(shown->headerData(0, Qt::Horizontal).toString(), QStringLiteral("User"));
    QCOMPARE(shown->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Waiting"));
    QCOMPARE(shown->headerData(PendingResetsModel::ColumnCount - 1, Qt::Horizontal).toString(),
             QStringLiteral("Request"));
    QVERIFY2(shown->index(0, PendingResetsModel::AgeColumn)
                 .data()
                 .toString()
                 .startsWith(QStringLiteral("waiting ")),
             qPrintable(shown->index(0, PendingResetsModel::AgeColumn).data().toString()));
    QCOMPARE(PendingResetsModel::ageText(3 * 86400 + 5), QStringLiteral("waiting 3 d"));
    QCOMPARE(PendingResetsModel::ageText(7200), QStringLiteral("waiting 2 h"));
    QCOMPARE(PendingResetsModel::ageText(59), QStringLiteral("waiting < 1 min"));

    // Sorted by age, descending: the one that has waited longest first.
    table->sortByColumn(PendingResetsModel::AgeColumn, Qt::DescendingOrder);
    for (int row = 1; row < shown->rowCount(); ++row)
        QVERIFY(shown->index(row - 1, 0).data(PendingResetsModel::CreatedAtRole).toDateTime() <=
                shown->index(row, 0).data(PendingResetsModel::CreatedAtRole).toDateTime());

    // The text filter: typing part of a person's name leaves only their requests.
    const QString name = shown->index(2, PendingResetsModel::UserColumn).data().toString();
    const QString part = name.left(qMax(4, int(name.size()) - 2));
    auto* filter = view->findChild<QLineEdit*>(QStringLiteral("pendingFilter"));
    QVERIFY(filter);
    const int all = shown->rowCount();
    QTest::keyClicks(filter, part);
    QTRY_VERIFY(shown->rowCount() >= 1 && shown->rowCount() < all);
    for (int row = 0; row < shown->rowCount(); ++row) {
        bool matches = false;
        for (int column = 0; column < shown->columnCount(); ++column)
            matches =
                matches || shown->index(row, column).data().toString().contains(part, Qt::CaseInsensitive);
        QVERIFY2(matches, qPrintable(part));
    }
    table->selectRow(0);
    QVERIFY(m_fixture.screenshot(window.get(), QStringLiteral("pending-resets-filtered")));

    // Approve and Decline: a different verb in the title and on the button, a different colour, and
    // the consequence in plain words.
    QStringList titles;
    QStringList styles;
    QStringList buttons;
    for (const char* name : {"pendingApprove", "pendingDecline"}) {
        auto* button = view->findChild<QPushButton*>(QString::fromLatin1(name));
        QTRY_VERIFY2(button->isEnabled(), qPrintable(button->toolTip()));
        QTest::mouseClick(button, Qt::LeftButton);
        // The common action dialog, with the decision's own title, colour and verb.
        auto* dialog = UiTestFixture::waitForDialog<ActionDialog>();
        QVERIFY(dialog);
        titles << dialog->windowTitle();
        styles << dialog->findChild<QLabel*>(QStringLiteral("actionHeadline"))->styleSheet();
        buttons << dialog->findChild<QPushButton*>(QStringLiteral("actionOk"))->text();
        auto* message = dialog->findChild<QLabel*>(QStringLiteral("actionDescription"));
        QVERIFY2(message->text().contains(QStringLiteral("SDK.Finance")), qPrintable(message->text()));
        QVERIFY(
            m_fixture.screenshot(dialog, QStringLiteral("pending-resets-%1").arg(QString::fromLatin1(name))));
        QTest::keyClick(dialog, Qt::Key_Escape);
        QTRY_VERIFY(!dialog->isVisible());
    }
    QVERIFY2(titles.at(0).startsWith(QStringLiteral("APPROVE")) &&
                 titles.at(1).startsWith(QStringLiteral("DECLINE")),
             qPrintable(titles.join(u'|')));
    QVERIFY(styles.at(0) != styles.at(1));
    QVERIFY(buttons.at(0).contains(QStringLiteral("Approve")) &&
            buttons.at(1).contains(QStringLiteral("Decline")));
}

void TestSdkFinanceGui::refreshKeepsSelection()
{
    auto window = m_fixture.openWindow(QStringLiteral("supervisor"));
    PendingResetsView* view = openPending(window.get());
    QVERIFY(view);
    PendingResetsModel* model = view->model();
    auto* table = view->findChild<QTableView*>(QStringLiteral("pendingTable"));
    QTRY_VERIFY(table->verticalScrollBar()->maximum() > 0 || !model->canFetchMore(QModelIndex()));
    const int row = qMin(12, model->rowCount() - 1);
    table->selectRow(row);
    table->scrollTo(table->model()->index(row, 0), QAbstractItemView::PositionAtTop);
    const QString id = view->currentRequest().id;
    const int scroll = table->verticalScrollBar()->value();
    QVERIFY(!id.isEmpty());

    QSignalSpy refreshed(model, &PendingResetsModel::refreshed);
    view->findChild<QPushButton*>(QStringLiteral("pendingRefreshNow"))->click();
    QVERIFY(refreshed.wait(10000));
    QCOMPARE(view->currentRequest().id, id);
    QCOMPARE(table->verticalScrollBar()->value(), scroll);

    // And when the timer fires.
    view->findChild<QSpinBox*>(QStringLiteral("pendingRefreshInterval"))->setValue(1);
    QVERIFY(refreshed.wait(5000));
    QCOMPARE(view->currentRequest().id, id);
    QCOMPARE(table->verticalScrollBar()->value(), scroll);
}

void TestSdkFinanceGui::parentTickSelectsLeavesAndResetWaitsForApproval()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    PendingResetsView* view = openPending(window.get());
    QVERIFY(view);
    auto* table = view->findChild<QTableView*>(QStringLiteral("pendingTable"));
    table->selectRow(0);
    const ResetRequest request = view->currentRequest();
    auto* reset = view->findChild<QPushButton*>(QStringLiteral("pendingReset"));
    QTRY_VERIFY2(reset->isEnabled(), qPrintable(reset->toolTip()));
    reset->click();
    QPointer<ActionDialog> dialog = UiTestFixture::waitForDialog<ActionDialog>();
    QVERIFY(dialog);
    auto* editor = dialog->findChild<ResetFieldsEditor*>();
    QVERIFY(editor);
    // The common action dialog names the person and their SDK.Finance id, never an editable id.
    auto* description = dialog->findChild<QLabel*>(QStringLiteral("actionDescription"));
    QVERIFY2(description->text().contains(request.userId), qPrintable(description->text()));
    if (!request.userName.isEmpty())
        QVERIFY2(description->text().contains(request.userName), qPrintable(description->text()));
    auto* tree = dialog->findChild<QTreeWidget*>(QStringLiteral("resetFieldTree"));
    auto* paths = dialog->findChild<QListWidget*>(QStringLiteral("resetPathList"));
    auto* submit = dialog->findChild<QPushButton*>(QStringLiteral("actionOk"));
    QVERIFY(!submit->isEnabled());

    // Ticking a branch selects all of its leaves, and the list shows exactly those paths.
    itemFor(tree, QStringLiteral("person.namePlain"))->setCheckState(0, Qt::Checked);
    itemFor(tree, QStringLiteral("address.country"))->setCheckState(0, Qt::Checked);
    const QStringList expected = ProfileSchema::leaves(QStringLiteral("person.namePlain")) +
                                 QStringList{QStringLiteral("address.country")};
    QCOMPARE(expected.size(), 4);
    QCOMPARE(listed(paths), expected);
    QCOMPARE(editor->selectedFields(), expected);
    QCOMPARE(itemFor(tree, QStringLiteral("person"))->checkState(0), Qt::PartiallyChecked);
    QCOMPARE(itemFor(tree, QStringLiteral("address"))->checkState(0), Qt::PartiallyChecked);
    // The plain words follow the fields; the reason is still missing.
    QTRY_VERIFY2(description->text().contains(QStringLiteral("address.country")),
                 qPrintable(description->text()));
    QVERIFY(!submit->isEnabled());
    QVERIFY2(submit->toolTip().contains(QStringLiteral("reason")), qPrintable(submit->toolTip()));

    // The filter hides non-matching leaves; presets replace the selection.
    auto* filter = dialog->findChild<QLineEdit*>(QStringLiteral("resetFilter"));
    filter->setText(QStringLiteral("zip"));
    QVERIFY(!itemFor(tree, QStringLiteral("address.zipCode"))->isHidden());
    QVERIFY(itemFor(tree, QStringLiteral("address.city"))->isHidden());
    QVERIFY(itemFor(tree, QStringLiteral("person"))->isHidden());
    filter->clear();
    QVERIFY(!itemFor(tree, QStringLiteral("person.namePlain.first"))->isHidden());
    dialog->findChild<QPushButton*>(QStringLiteral("resetPreset_address"))->click();
    QCOMPARE(listed(paths), ProfileSchema::leaves(QStringLiteral("address")));
    QCOMPARE(itemFor(tree, QStringLiteral("address"))->checkState(0), Qt::Checked);
    editor->selectFields(expected);
    QCOMPARE(listed(paths), expected);

    dialog->findChild<QLineEdit*>(QStringLiteral("actionReason"))
        ->setText(QStringLiteral("Name mismatch, case 77"));
    QTRY_VERIFY2(submit->isEnabled(), qPrintable(submit->toolTip()));
    QVERIFY(m_fixture.screenshot(dialog, QStringLiteral("sdkfinance-reset-dialog")));
    const int before = resetRequests();
    submit->click();
    // The dialog closes like every action dialog; the view follows the action.
    QTRY_VERIFY(!dialog);
    QTRY_VERIFY2(view->resultText().startsWith(QStringLiteral("Waiting for approval #")),
                 qPrintable(view->resultText()));
    QCOMPARE(resetRequests(), before);
    const qint64 actionId = approvalIdIn(view->resultText());
    QVERIFY(actionId > 0);
    QVERIFY(m_fixture.screenshot(window.get(), QStringLiteral("sdkfinance-reset-waiting")));

    // A second supervisor approves: exactly the ticked leaves reach SDK.Finance.
    auto supervisor = m_fixture.openWindow(QStringLiteral("supervisor"));
    ActionTicket* ticket = supervisor->actionService()->approve(actionId, QStringLiteral("Checked"));
    QSignalSpy done(ticket, &ActionTicket::finished);
    QVERIFY(done.wait(10000));
    QCOMPARE(ticket->record().state, ActionRecord::State::Succeeded);
    QVERIFY(!ticket->outcome().after.isEmpty());
    QCOMPARE(resetRequests(), before + 1);
    QByteArray body;
    QString path;
    for (const RecordedRequest& r : m_fixture.sandbox()->requestLog())
        if (r.path.endsWith(QLatin1String("/reset"))) {
            body = r.body;
            path = r.path;
        }
    QVERIFY2(path.contains(request.userId), qPrintable(path));
    QCOMPARE(QJsonDocument::fromJson(body).object(),
             (QJsonObject{{QStringLiteral("fields"), QJsonArray::fromStringList(expected)}}));
}

void TestSdkFinanceGui::restrictedAccountDisablesReset()
{
    // The same sandbox through its login without RESET_IDENTIFICATION_INITIATOR.
    QFile in(m_fixture.profilePath());
    QVERIFY(in.open(QIODevice::ReadOnly));
    QJsonObject root = QJsonDocument::fromJson(in.readAll()).object();
    QJsonObject sdk = root.value(QStringLiteral("sdkfinance")).toObject();
    QVERIFY(!sdk.isEmpty());
    const SandboxOptions options;
    sdk.insert(QStringLiteral("login"), options.sdkFinanceRestrictedLogin);
    sdk.insert(QStringLiteral("password"), options.sdkFinanceRestrictedPassword);
    root.insert(QStringLiteral("sdkfinance"), sdk);
    const QString path = m_fixture.filePath(QStringLiteral("restricted.json"));
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
    out.write(QJsonDocument(root).toJson());
    out.close();

    auto window = std::make_unique<MainWindow>(ConsoleServices(m_fixture.store()),
                                               m_fixture.signIn(QStringLiteral("officer")));
    QVERIFY(window->openProfile(path));
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QTRY_VERIFY(window->session()->client<SdkFinanceClient>()->isLoggedIn());

    const QString permission = QStringLiteral("RESET_IDENTIFICATION_INITIATOR");
    auto* panel = window->findChild<SdkFinancePanel*>(QStringLiteral("sdkFinancePanel"));
    panel->setUserId(QStringLiteral("00000000-0000-4000-8000-000000000001"));
    auto* panelReset = panel->findChild<QPushButton*>(QStringLiteral("sdkFinanceReset"));
    QVERIFY(!panelReset->isEnabled());
    QVERIFY2(panelReset->toolTip().contains(permission), qPrintable(panelReset->toolTip()));

    QTest::keyClick(window.get(), Qt::Key_5, Qt::ControlModifier);
    auto* view = window->findChild<PendingResetsView*>();
    auto* reset = view->findChild<QPushButton*>(QStringLiteral("pendingReset"));
    QTRY_VERIFY(!reset->isEnabled());
    QVERIFY2(reset->toolTip().contains(permission), qPrintable(reset->toolTip()));
    QVERIFY(view->findChild<QLabel*>(QStringLiteral("pendingRestriction"))->text().contains(permission));

    // The dialog itself says why as well, and cannot be submitted.
    ActionRequest request;
    request.provider = QStringLiteral("sdkfinance");
    request.action = QStringLiteral("reset");
    request.userId = QStringLiteral("00000000-0000-4000-8000-000000000001");
    auto* dialog = new ActionDialog(window->actionService(), request, QString(), window.get());
    dialog->setParameters(new ResetFieldsEditor);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    dialog->findChild<ResetFieldsEditor*>()->selectFields({QStringLiteral("address.city")});
    auto* restriction = dialog->findChild<QLabel*>(QStringLiteral("actionProblem"));
    QTRY_VERIFY(restriction->isVisible());
    QVERIFY2(restriction->text().contains(permission), qPrintable(restriction->text()));
    auto* submit = dialog->findChild<QPushButton*>(QStringLiteral("actionOk"));
    QVERIFY(!submit->isEnabled());
    QVERIFY(submit->toolTip().contains(permission));
    QVERIFY(m_fixture.screenshot(dialog, QStringLiteral("sdkfinance-reset-restricted")));
    dialog->close();
    QVERIFY(m_fixture.screenshot(window.get(), QStringLiteral("sdkfinance-pending-restricted")));
}

void TestSdkFinanceGui::decidingTwiceShowsServerMessage()
{
    auto window = m_fixture.openWindow(QStringLiteral("supervisor"));
    PendingResetsView* view = openPending(window.get());
    QVERIFY(view);
    auto* combo = view->findChild<QComboBox*>(QStringLiteral("pendingStatusFilter"));
    combo->setCurrentIndex(combo->findData(QString()));
    QTRY_VERIFY(view->model()->state() == PendingResetsModel::State::Loaded &&
                view->model()->status().isEmpty());
    auto* table = view->findChild<QTableView*>(QStringLiteral("pendingTable"));
    int row = -1;
    for (int r = 0; r < table->model()->rowCount(); ++r)
        if (table->model()->index(r, PendingResetsModel::StatusColumn).data().toString() ==
            QLatin1String("PENDING")) {
            row = r;
            break;
        }
    QVERIFY(row >= 0);
    table->selectRow(row);
    const QString id = view->currentRequest().id;
    auto* decline = view->findChild<QPushButton*>(QStringLiteral("pendingDecline"));
    auto* result = view->findChild<QLabel*>(QStringLiteral("pendingResult"));

    for (int attempt = 0; attempt < 2; ++attempt) {
        QTRY_VERIFY2(decline->isEnabled(), qPrintable(decline->toolTip()));
        decline->click();
        auto* dialog = UiTestFixture::waitForDialog<ActionDialog>();
        QVERIFY(dialog);
        auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("actionOk"));
        QVERIFY(!ok->isEnabled()); // the reason is required
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("actionReason")),
                         QStringLiteral("Documents do not match"));
        QVERIFY(ok->isEnabled());
        ok->click();
        if (attempt == 0) {
            QTRY_VERIFY2(view->resultText().startsWith(QStringLiteral("Succeeded")),
                         qPrintable(view->resultText()));
            // The row stays (status "all") and, after the refresh, says DECLINED; still selected.
            QTRY_COMPARE(view->currentRequest().status, QStringLiteral("DECLINED"));
            QCOMPARE(view->currentRequest().id, id);
        } else {
            QTRY_VERIFY2(view->resultText().contains(QStringLiteral("already")),
                         qPrintable(view->resultText()));
        }
    }
    QVERIFY2(result->text().contains(QStringLiteral("Reset identification request %1 was already").arg(id)),
             qPrintable(result->text()));
    QVERIFY(m_fixture.screenshot(window.get(), QStringLiteral("sdkfinance-decided-twice")));
}

void TestSdkFinanceGui::dialogCompletesWithKeyboardOnly()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    QTRY_VERIFY(window->session()->client<SdkFinanceClient>()->isLoggedIn());
    auto* panel = window->findChild<SdkFinancePanel*>(QStringLiteral("sdkFinancePanel"));
    // The person is selected in the results (the id is theirs, never typed).
    const PopulationUser person = m_fixture.sandbox()->population().user(7);
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), person.lastName, QStringLiteral("sdkfinance")));
    QTRY_VERIFY(panel->isVisibleTo(window.get())); // on the person's SDK.Finance card
    auto* userId = panel->findChild<QLineEdit*>(QStringLiteral("sdkFinanceUserId"));
    const QString user = userId->text();
    QVERIFY(!user.isEmpty());
    auto* reset = panel->findChild<QPushButton*>(QStringLiteral("sdkFinanceReset"));
    QTRY_VERIFY2(reset->isEnabled(), qPrintable(reset->toolTip()));
    reset->setFocus(Qt::TabFocusReason);
    QTRY_COMPARE(QApplication::focusWidget(), reset);
    QTest::keyClick(reset, Qt::Key_Space);
    QPointer<ActionDialog> dialog = UiTestFixture::waitForDialog<ActionDialog>();
    QVERIFY(dialog);
    auto* editor = dialog->findChild<ResetFieldsEditor*>();
    auto* tree = dialog->findChild<QTreeWidget*>(QStringLiteral("resetFieldTree"));
    auto* filter = dialog->findChild<QLineEdit*>(QStringLiteral("resetFilter"));
    auto* reason = dialog->findChild<QLineEdit*>(QStringLiteral("actionReason"));
    auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("actionOk"));
    QTRY_COMPARE(QApplication::focusWidget(), filter);

    QTest::keyClicks(filter, QStringLiteral("zip"));
    for (int i = 0; i < 10 && QApplication::focusWidget() != tree; ++i)
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), tree);
    QTest::keyClick(tree, Qt::Key_Home);
    QTest::keyClick(tree, Qt::Key_Down);
    QCOMPARE(tree->currentItem()->text(1), QStringLiteral("address.zipCode"));
    QTest::keyClick(tree, Qt::Key_Space);
    QCOMPARE(editor->selectedFields(), QStringList{QStringLiteral("address.zipCode")});
    QTest::keyClick(tree, Qt::Key_Space); // toggles back
    QVERIFY(editor->selectedFields().isEmpty());
    QTest::keyClick(tree, Qt::Key_Space);
    QTest::keyClick(tree, Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), reason);
    QTest::keyClick(reason, Qt::Key_Return); // not valid yet: nothing happens
    QVERIFY(dialog);
    QTest::keyClicks(reason, QStringLiteral("Moved house"));
    QTRY_VERIFY2(ok->isEnabled(), qPrintable(ok->toolTip()));
    QTest::keyClick(reason, Qt::Key_Return);
    // Submitted: the dialog closes, the card shows where the action went, focus is back on the card.
    QTRY_VERIFY(!dialog);
    QTRY_VERIFY2(panel->resultText().startsWith(QStringLiteral("Waiting for approval #")),
                 qPrintable(panel->resultText()));
    // (The window's focus widget: where keys go once the window is active again.)
    QTRY_VERIFY2(window->focusWidget() == reset || window->focusWidget() == panel,
                 window->focusWidget() ? qPrintable(window->focusWidget()->objectName()) : "none");
}

void TestSdkFinanceGui::resetWithoutApprovalIsSentAtOnce()
{
    QString error;
    QVERIFY2(m_fixture.store()->setPolicyRule(QStringLiteral("sdkfinance.reset"), false, &error),
             qPrintable(error));
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    QTRY_VERIFY(window->session()->client<SdkFinanceClient>()->isLoggedIn());
    auto* panel = window->findChild<SdkFinancePanel*>(QStringLiteral("sdkFinancePanel"));
    const PopulationUser person = m_fixture.sandbox()->population().user(9);
    QVERIFY(UiTestFixture::searchAndSelect(window.get(), person.lastName, QStringLiteral("sdkfinance")));
    auto* reset = panel->findChild<QPushButton*>(QStringLiteral("sdkFinanceReset"));
    QTRY_VERIFY2(reset->isEnabled(), qPrintable(reset->toolTip()));
    reset->click();
    QPointer<ActionDialog> dialog = UiTestFixture::waitForDialog<ActionDialog>();
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("actionApprovalNote"))
                ->text()
                .contains(QStringLiteral("No approval needed")));
    dialog->findChild<QPushButton*>(QStringLiteral("resetPreset_identity-document"))->click();
    QCOMPARE(dialog->findChild<ResetFieldsEditor*>()->selectedFields(),
             ProfileSchema::leaves(QStringLiteral("person.namePlain")) +
                 ProfileSchema::leaves(QStringLiteral("person.nameIntl")));
    dialog->findChild<QLineEdit*>(QStringLiteral("actionReason"))
        ->setText(QStringLiteral("Passport renewed"));
    auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("actionOk"));
    QTRY_VERIFY2(ok->isEnabled(), qPrintable(ok->toolTip()));
    QCOMPARE(ok->text().remove(QLatin1Char('&')), QStringLiteral("Send now"));
    const int before = resetRequests();
    ok->click();
    QTRY_VERIFY(!dialog);
    QTRY_VERIFY2(panel->resultText().startsWith(QStringLiteral("Succeeded")),
                 qPrintable(panel->resultText()));
    QCOMPARE(resetRequests(), before + 1);
    QVERIFY(m_fixture.screenshot(window.get(), QStringLiteral("sdkfinance-reset-succeeded")));
}

void TestSdkFinanceGui::doubleClickOpensTheUser()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    PendingResetsView* view = openPending(window.get());
    QVERIFY(view);
    auto* table = view->findChild<QTableView*>(QStringLiteral("pendingTable"));
    const QModelIndex cell = table->model()->index(2, PendingResetsModel::UserColumn);
    table->selectRow(2);
    const ResetRequest request = view->currentRequest();
    // A double-click is a press, a release and the double-click event.
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(cell).center());
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(cell).center());
    auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    QTRY_COMPARE(tabs->currentIndex(), int(MainWindow::UsersTab));
    QCOMPARE(window->findChild<QLineEdit*>(QStringLiteral("searchField"))->text(), request.userName);
    // Nobody is shown until the search has found the person; then they are selected, with their id.
    QVERIFY(UiTestFixture::waitForSearch(window.get()));
    QTRY_COMPARE(window->findChild<QLineEdit*>(QStringLiteral("sdkFinanceUserId"))->text(), request.userId);
    QVERIFY(m_fixture.screenshot(window.get(), QStringLiteral("sdkfinance-open-user")));
}

QTEST_MAIN(TestSdkFinanceGui)
#include "tst_sdkfinance_gui.moc"
