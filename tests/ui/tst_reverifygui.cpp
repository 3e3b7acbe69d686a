// SPDX-License-Identifier: GPL-3.0-or-later
// Trust Swiftly re-verification and SmartID un-enroll through the console: the user detail, the
// common ActionDialog with Trust Swiftly's WorkflowPicker, and the SmartID panel, over TLS to the in-process
// sandbox, with a real store.
#include "UiTestFixture.h"

#include "SandboxServer.h"
#include "dialogs/ActionDialog.h"
#include "main/MainWindow.h"
#include "providers/smartid/SmartIdPanel.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"
#include "providers/trustswiftly/TrustSwiftlyPanel.h"
#include "search/UserDetailPane.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/Session.h"
#include "smartid/SmartIdEmulator.h"
#include "trustswiftly/TrustSwiftlyEmulator.h"

#include <QComboBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableView>
#include <QtTest>

class TestReverifyGui : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void reverifyFromTheDialogThenAgainIsAlready();
    void mismatchedFromIsRefusedNamingTheField();
    void rateLimitIsShownWhileWaiting();
    void smartIdUnenrollWaitsForASecondSupervisor();

private:
    bool selectUser(MainWindow* window, quint32 n);
    ActionDialog* openReverify(MainWindow* window);
    static QString workflowName(const QString& id);
    QList<RecordedRequest> requestsTo(const QString& pathEnd) const;

    UiTestFixture m_fixture;
};

void TestReverifyGui::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.startSandbox(200, &error), qPrintable(error));
}

void TestReverifyGui::init()
{
    QString error;
    QVERIFY2(m_fixture.createStore(&error), qPrintable(error));
    m_fixture.sandbox()->clearRequestLog();
}

bool TestReverifyGui::selectUser(MainWindow* window, quint32 n)
{
    const PopulationUser person = m_fixture.sandbox()->population().user(n);
    if (!UiTestFixture::searchAndSelect(window, person.email))
        return false;
    auto* note = window->findChild<QLabel*>(QStringLiteral("detailNote"));
    return QTest::qWaitFor([&] { return note->text().startsWith(QStringLiteral("Up to date")); }, 10000);
}

ActionDialog* TestReverifyGui::openReverify(MainWindow* window)
{
    auto* button = window->findChild<QPushButton*>(QStringLiteral("assignReverify"));
    if (!button || !QTest::qWaitFor([button] { return button->isEnabled(); }, 10000))
        return nullptr;
    QTest::mouseClick(button, Qt::LeftButton);
    ActionDialog* dialog = UiTestFixture::waitForDialog<ActionDialog>();
    if (!dialog)
        return nullptr;
    auto* from = dialog->findChild<QComboBox*>(QStringLiteral("reverifyFrom"));
    // The workflows arrive from Trust Swiftly (or the session's cache).
    if (!QTest::qWaitFor([&] { return from->count() > 0; }, 10000))
        return nullptr;
    return dialog;
}

QString TestReverifyGui::workflowName(const QString& id)
{
    for (const TrustSwiftlyTemplate& t : TrustSwiftlyEmulator::templates())
        if (t.id == id)
            return t.name;
    return QString();
}

QList<RecordedRequest> TestReverifyGui::requestsTo(const QString& pathEnd) const
{
    QList<RecordedRequest> found;
    for (const RecordedRequest& r : m_fixture.sandbox()->requestLog())
        if (r.path.endsWith(pathEnd))
            found << r;
    return found;
}

void TestReverifyGui::reverifyFromTheDialogThenAgainIsAlready()
{
    auto officer = m_fixture.openWindow(QStringLiteral("officer"));
    const quint32 n = 7;
    QVERIFY(selectUser(officer.get(), n));
    const PopulationUser person = m_fixture.sandbox()->population().user(n);
    const QString current = person.currentWorkflowId;

    // The current workflow by name and id.
    auto* workflow = officer->findChild<QLabel*>(QStringLiteral("detailWorkflow"));
    QTRY_COMPARE_WITH_TIMEOUT(workflow->text(), QStringLiteral("%1 (%2)").arg(workflowName(current), current),
                              10000);

    QPointer<ActionDialog> dialog = openReverify(officer.get());
    QVERIFY(dialog);
    // The dialog names the person, not only their Trust Swiftly id.
    const QString description = dialog->findChild<QLabel*>(QStringLiteral("actionDescription"))->text();
    QVERIFY2(description.contains(person.firstName) && description.contains(QString::number(n)),
             qPrintable(description));
    auto* from = dialog->findChild<QComboBox*>(QStringLiteral("reverifyFrom"));
    auto* to = dialog->findChild<QComboBox*>(QStringLiteral("reverifyTo"));
    QCOMPARE(from->currentData().toString(), current);
    QCOMPARE(from->count(), TrustSwiftlyEmulator::templates().size());
    // The current workflow cannot be the target.
    const int currentInTo = to->findData(current);
    QVERIFY(currentInTo >= 0);
    QVERIFY(!(to->model()->flags(to->model()->index(currentInTo, 0)) & Qt::ItemIsEnabled));
    QString target;
    for (const TrustSwiftlyTemplate& t : TrustSwiftlyEmulator::templates())
        if (t.id != current && target.isEmpty())
            target = t.id;
    to->setCurrentIndex(to->findData(target));

    auto* send = dialog->findChild<QPushButton*>(QStringLiteral("actionOk"));
    QVERIFY(!send->isEnabled());
    QVERIFY2(send->toolTip().contains(QStringLiteral("reason")), qPrintable(send->toolTip()));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("actionReason")),
                     QStringLiteral("Case 88: new document needed"));
    QVERIFY2(send->isEnabled(), qPrintable(send->toolTip()));
    // The exact request follows the chosen workflows (under Request details).
    const QString preview =
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("actionPreview"))->toPlainText();
    QVERIFY2(preview.contains(QStringLiteral("\"re_verify_workflow_id\": \"%1\"").arg(target)),
             qPrintable(preview));
    QVERIFY(preview.contains(QStringLiteral("\"user_id\": \"%1\"").arg(n)));
    QVERIFY(UiTestFixture::screenshot(dialog, QStringLiteral("reverify-dialog")));
    QTest::mouseClick(send, Qt::LeftButton);

    // Sent: the dialog closes and the card shows the new workflow.
    QTRY_VERIFY_WITH_TIMEOUT(!dialog, 10000);
    auto* pane = officer->findChild<TrustSwiftlyPanel*>();
    QTRY_VERIFY2_WITH_TIMEOUT(pane->resultText().startsWith(QStringLiteral("Succeeded")),
                              qPrintable(pane->resultText()), 10000);
    const QList<RecordedRequest> sent = requestsTo(QStringLiteral("/api/user/document/reverify"));
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().method, QByteArray("POST"));
    const QJsonObject expected{{QStringLiteral("user_id"), QString::number(n)},
                               {QStringLiteral("current_workflow_id"), current},
                               {QStringLiteral("re_verify_workflow_id"), target}};
    QCOMPARE(QJsonDocument::fromJson(sent.first().body).object(), expected);
    QVERIFY(sent.first().header("User-Agent").startsWith("IdentityDesk/"));
    auto* reverifyWorkflow = officer->findChild<QLabel*>(QStringLiteral("detailReverifyWorkflow"));
    QTRY_COMPARE_WITH_TIMEOUT(reverifyWorkflow->text(),
                              QStringLiteral("%1 (%2)").arg(workflowName(target), target), 10000);
    QVERIFY(UiTestFixture::screenshot(officer.get(), QStringLiteral("reverify-detail-succeeded")));

    // The same again: already in that state, said on the card.
    dialog = openReverify(officer.get());
    QVERIFY(dialog);
    to = dialog->findChild<QComboBox*>(QStringLiteral("reverifyTo"));
    to->setCurrentIndex(to->findData(target));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("actionReason")),
                     QStringLiteral("Case 88: once more"));
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("actionOk")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog, 10000);
    QTRY_VERIFY2_WITH_TIMEOUT(pane->resultText().contains(QStringLiteral("Already")),
                              qPrintable(pane->resultText()), 10000);
    QCOMPARE(requestsTo(QStringLiteral("/api/user/document/reverify")).size(), 2);
}

void TestReverifyGui::mismatchedFromIsRefusedNamingTheField()
{
    auto officer = m_fixture.openWindow(QStringLiteral("officer"));
    const quint32 n = 12;
    QVERIFY(selectUser(officer.get(), n));
    const QString current = m_fixture.sandbox()->population().user(n).currentWorkflowId;

    QPointer<ActionDialog> dialog = openReverify(officer.get());
    QVERIFY(dialog);
    auto* from = dialog->findChild<QComboBox*>(QStringLiteral("reverifyFrom"));
    auto* to = dialog->findChild<QComboBox*>(QStringLiteral("reverifyTo"));
    // A "from" that is not the user's workflow, and a target that differs from both.
    QString wrongFrom, target;
    for (const TrustSwiftlyTemplate& t : TrustSwiftlyEmulator::templates()) {
        if (t.id == current)
            continue;
        if (wrongFrom.isEmpty())
            wrongFrom = t.id;
        else if (target.isEmpty())
            target = t.id;
    }
    from->setCurrentIndex(from->findData(wrongFrom));
    to->setCurrentIndex(to->findData(target));
    QCOMPARE(to->currentData().toString(), target);
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("actionReason")),
                     QStringLiteral("Case 90"));
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("actionOk")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog, 10000);

    // Trust Swiftly's 422 names the field; the card says so, nothing changed.
    auto* pane = officer->findChild<TrustSwiftlyPanel*>();
    QTRY_VERIFY2_WITH_TIMEOUT(pane->resultText().contains(QStringLiteral("422")),
                              qPrintable(pane->resultText()), 10000);
    QVERIFY2(pane->resultText().contains(QStringLiteral("current workflow")), qPrintable(pane->resultText()));
    QVERIFY(UiTestFixture::screenshot(officer.get(), QStringLiteral("reverify-422")));
}

void TestReverifyGui::rateLimitIsShownWhileWaiting()
{
    auto officer = m_fixture.openWindow(QStringLiteral("officer"));
    const quint32 n = 15;
    QVERIFY(selectUser(officer.get(), n));
    auto* reverifyWorkflow = officer->findChild<QLabel*>(QStringLiteral("detailReverifyWorkflow"));
    QVERIFY(!reverifyWorkflow->isVisible()); // none assigned yet
    QPointer<ActionDialog> dialog = openReverify(officer.get());
    QVERIFY(dialog);
    // One request per 3 s, and one just made: the action waits for the console's own limiter.
    TrustSwiftlyClient* client = officer->session()->client<TrustSwiftlyClient>();
    client->setRateLimit(1, 3000);
    HttpReply* refresh = client->workflows(true);
    QVERIFY(refresh);
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("actionReason")),
                     QStringLiteral("Case 92"));
    auto* send = dialog->findChild<QPushButton*>(QStringLiteral("actionOk"));
    QVERIFY2(send->isEnabled(), qPrintable(send->toolTip()));
    QTest::mouseClick(send, Qt::LeftButton);
    QTRY_VERIFY(!dialog);
    // The card says what it waits for, then follows the outcome.
    auto* pane = officer->findChild<TrustSwiftlyPanel*>();
    QTRY_VERIFY_WITH_TIMEOUT(pane->resultText().startsWith(QStringLiteral("Waiting for rate limit (")), 5000);
    QVERIFY2(
        QRegularExpression(
            QStringLiteral("^Waiting for rate limit \\(\\d+ s\\)…\nFor .+ \\(Trust Swiftly %1\\)$").arg(n))
            .match(pane->resultText())
            .hasMatch(),
        qPrintable(pane->resultText()));
    QVERIFY(UiTestFixture::screenshot(officer.get(), QStringLiteral("reverify-rate-limit")));
    QTRY_VERIFY_WITH_TIMEOUT(pane->resultText().startsWith(QStringLiteral("Succeeded")), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(reverifyWorkflow->isVisible(), 10000);
    client->setRateLimit(0);
}

void TestReverifyGui::smartIdUnenrollWaitsForASecondSupervisor()
{
    auto officer = m_fixture.openWindow(QStringLiteral("officer"));
    const quint32 n = 9;
    QVERIFY(selectUser(officer.get(), n));
    const PopulationUser person = m_fixture.sandbox()->population().user(n);
    auto* panel = officer->findChild<SmartIdPanel*>();
    QVERIFY(panel);
    QCOMPARE(panel->userId(), person.email);
    QVERIFY(panel->findChild<QLineEdit*>(QStringLiteral("smartIdUser"))
                ->toolTip()
                .contains(QStringLiteral("e-mail")));

    auto* button = panel->findChild<QPushButton*>(QStringLiteral("smartIdUnenroll"));
    QVERIFY2(button->isEnabled(), qPrintable(button->toolTip()));
    QTest::mouseClick(button, Qt::LeftButton);
    auto* dialog = UiTestFixture::waitForDialog<ActionDialog>();
    QVERIFY(dialog);
    QVERIFY(dialog->needsApproval());
    const QString preview =
        dialog->findChild<QPlainTextEdit*>(QStringLiteral("actionPreview"))->toPlainText();
    QVERIFY2(preview.contains(QStringLiteral("\"User\": \"%1\"").arg(person.email)), qPrintable(preview));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("actionReason")),
                     QStringLiteral("Case 91: phone lost, re-enroll"));
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("actionOk")), Qt::LeftButton);
    QVERIFY(UiTestFixture::confirmStepUp()); // un-enrolling erases the enrollment: the password again

    QTRY_VERIFY_WITH_TIMEOUT(panel->resultText().startsWith(QStringLiteral("Waiting for approval #")), 10000);
    const qint64 id =
        QRegularExpression(QStringLiteral("#(\\d+)")).match(panel->resultText()).captured(1).toLongLong();
    QVERIFY(id > 0);
    QTest::qWait(200);
    QCOMPARE(requestsTo(QStringLiteral("/api/kyc/unenroll")).size(), 0);
    QVERIFY(UiTestFixture::screenshot(officer.get(), QStringLiteral("smartid-waiting-for-approval")));

    // The officer cannot approve it; a second supervisor can, and only then it is sent.
    ActionTicket* own = officer->actionService()->approve(id, QStringLiteral("mine"));
    bool ownFinished = own->isFinished();
    ActionTicket::Failure ownFailure = own->failure();
    if (!ownFinished)
        connect(own, &ActionTicket::finished, this, [&] {
            ownFinished = true;
            ownFailure = own->failure();
        });
    QTRY_VERIFY_WITH_TIMEOUT(ownFinished, 5000);
    QCOMPARE(ownFailure, ActionTicket::Failure::NotPermitted);
    QTest::qWait(200);
    QCOMPARE(requestsTo(QStringLiteral("/api/kyc/unenroll")).size(), 0);
    auto supervisor = m_fixture.openWindow(QStringLiteral("supervisor"));
    ActionTicket* ticket = supervisor->actionService()->approve(id, QStringLiteral("Checked the case"));
    QVERIFY(ticket);
    bool finished = false;
    ActionRecord::State state = ActionRecord::State::PendingApproval;
    connect(ticket, &ActionTicket::finished, this, [&] {
        finished = true;
        state = ticket->record().state;
    });
    QTRY_VERIFY_WITH_TIMEOUT(finished, 15000);
    QCOMPARE(state, ActionRecord::State::Succeeded);
    const QList<RecordedRequest> sent = requestsTo(QStringLiteral("/api/kyc/unenroll"));
    QCOMPARE(sent.size(), 1);
    QCOMPARE(QJsonDocument::fromJson(sent.first().body).object(),
             QJsonObject({{QStringLiteral("User"), person.email}}));
    QVERIFY(!sent.first().header("X-Api-Key").isEmpty());
}

QTEST_MAIN(TestReverifyGui)
#include "tst_reverifygui.moc"
