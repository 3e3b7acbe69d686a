// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 32, sessions: a console locks itself after the policy's idle time (with an injected clock),
// hides what it showed and asks for the password again; activity keeps it open; signing out from the
// lock signs out. Offscreen, on a real SQLite store, by keys and clicks.
#include "UiTestFixture.h"
#include "dialogs/PresenceDialog.h"
#include "main/ConsoleCheckpointer.h"
#include "main/MainWindow.h"
#include "main/SessionLock.h"
#include "services/AuditCheckpointService.h"
#include "services/DemoOperators.h"
#include "services/InMemorySecretStore.h"
#include "store/Store.h"

#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestSessionLock final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void locksAfterTheIdleTimeAndUnlocksWithThePassword();
    void activityKeepsItOpenAndThePolicySetsTheTime();
    void signingOutFromTheLock();
    void checkpointsAsTheLogGrowsIntoTheWitnessFolder();

private:
    QStringList events(const QString& name) const;

    UiTestFixture m_fixture;
};

void TestSessionLock::initTestCase()
{
    QString error;
    QVERIFY2(m_fixture.createStore(&error), qPrintable(error));
}

QStringList TestSessionLock::events(const QString& name) const
{
    QString error;
    AuditFilter filter;
    filter.operatorName = name;
    QStringList out;
    for (const AuditEntry& e : m_fixture.store()->auditEntries(filter, &error).value_or(QList<AuditEntry>()))
        out << e.event;
    return out;
}

void TestSessionLock::locksAfterTheIdleTimeAndUnlocksWithThePassword()
{
    auto window = m_fixture.openWindow(QStringLiteral("officer"));
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto* lock = window->findChild<SessionLock*>(QStringLiteral("sessionLock"));
    QVERIFY(lock);
    QDateTime now = QDateTime::currentDateTimeUtc();
    lock->setClock([&now] { return now; });

    now = now.addSecs(14 * 60); // the default policy: 15 minutes
    lock->check();
    QVERIFY(!lock->isLocked());
    now = now.addSecs(60);
    lock->check();
    QVERIFY(lock->isLocked());
    QVERIFY(!window->centralWidget()->isVisible()); // nothing of a person stays on screen
    QVERIFY(!window->menuBar()->isEnabled());
    auto* dialog = UiTestFixture::waitForDialog<PresenceDialog>();
    QVERIFY(dialog);
    QCOMPARE(dialog->objectName(), QStringLiteral("lockDialog"));
    QVERIFY(UiTestFixture::screenshot(window.get(), QStringLiteral("session-locked")));

    auto* password = dialog->findChild<QLineEdit*>(QStringLiteral("presencePassword"));
    auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("presenceOk"));
    QVERIFY(!ok->isEnabled());
    QTest::keyClick(password, Qt::Key_Escape); // cannot be dismissed
    QVERIFY(dialog->isVisible());
    QTest::keyClicks(password, QStringLiteral("not-the-password"));
    QTest::mouseClick(ok, Qt::LeftButton);
    auto* message = dialog->findChild<QLabel*>(QStringLiteral("presenceMessage"));
    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 20000);
    QVERIFY(lock->isLocked());
    QVERIFY(!window->centralWidget()->isVisible());

    QTest::keyClicks(password, DemoOperators::password());
    QTest::keyClick(password, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!lock->isLocked(), 20000);
    QVERIFY(window->centralWidget()->isVisible());
    QVERIFY(window->menuBar()->isEnabled());
    const QStringList audited = events(QStringLiteral("officer"));
    QVERIFY2(audited.contains(QStringLiteral("session-locked")) &&
                 audited.contains(QStringLiteral("sign-in-failed")) &&
                 audited.constLast() == QLatin1String("unlocked"),
             qPrintable(audited.join(u' ')));
}

void TestSessionLock::activityKeepsItOpenAndThePolicySetsTheTime()
{
    auto window = m_fixture.openWindow(QStringLiteral("supervisor"));
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto* lock = window->findChild<SessionLock*>(QStringLiteral("sessionLock"));
    QDateTime now = QDateTime::currentDateTimeUtc();
    lock->setClock([&now] { return now; });
    now = now.addSecs(10 * 60);
    QTest::keyClick(window.get(), Qt::Key_Tab); // someone is there
    now = now.addSecs(10 * 60);
    lock->check();
    QVERIFY(!lock->isLocked());

    QString error;
    QVERIFY2(m_fixture.store()->setPolicySetting(Policy::idleLockMinutes(), 5, &error), qPrintable(error));
    now = now.addSecs(5 * 60);
    lock->check();
    QVERIFY(lock->isLocked());
    auto* dialog = UiTestFixture::waitForDialog<PresenceDialog>();
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("presencePassword")),
                     DemoOperators::password());
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("presenceOk")), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!lock->isLocked(), 20000);
    QVERIFY2(m_fixture.store()->setPolicySetting(Policy::idleLockMinutes(), 15, &error), qPrintable(error));
}

void TestSessionLock::signingOutFromTheLock()
{
    auto window = m_fixture.openWindow(QStringLiteral("auditor"));
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QSignalSpy signOut(window.get(), &MainWindow::signOutRequested);
    auto* lock = window->findChild<SessionLock*>(QStringLiteral("sessionLock"));
    lock->lock();
    auto* dialog = UiTestFixture::waitForDialog<PresenceDialog>();
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("presenceSignOut")), Qt::LeftButton);
    QCOMPARE(signOut.count(), 1);
}

void TestSessionLock::checkpointsAsTheLogGrowsIntoTheWitnessFolder()
{
    QTemporaryDir witness;
    qputenv("IDENTITYDESK_WITNESS_DIR", witness.path().toLocal8Bit());
    QString error;
    QVERIFY2(m_fixture.store()->setPolicySetting(Policy::checkpointEvery(), 10, &error), qPrintable(error));
    InMemorySecretStore secrets;
    auto window = m_fixture.openWindow(QStringLiteral("supervisor"));
    window->setCheckpointSecrets(&secrets);
    ConsoleCheckpointer* checkpointer = window->checkpointer();
    QVERIFY(checkpointer);
    QSignalSpy signed_(checkpointer, &ConsoleCheckpointer::checkpointed);
    const int before = int(m_fixture.store()->checkpoints(&error)->size());
    checkpointer->checkpointIfDue(); // the demo store's log is long enough already
    QTRY_COMPARE_WITH_TIMEOUT(signed_.count(), 1, 20000);
    QVERIFY2(signed_.first().at(0).toBool(), qPrintable(signed_.first().at(1).toString()));
    const QList<AuditCheckpoint> kept = *m_fixture.store()->checkpoints(&error);
    QCOMPARE(kept.size(), before + 1);
    const QStringList files = QDir(witness.path()).entryList(QDir::Files);
    QCOMPARE(files.size(), 1);
    // The witness copy proves the log: verified against the store.
    const auto file = AuditCheckpointService::readFile(QDir(witness.path()).filePath(files.first()), &error);
    QVERIFY2(file, qPrintable(error));
    const auto report = AuditCheckpointService(m_fixture.store()).verify({*file}, &error);
    QVERIFY2(report && report->ok(), qPrintable(error));

    // Not due again until ten more entries.
    checkpointer->checkpointIfDue();
    QTest::qWait(200);
    QCOMPARE(signed_.count(), 1);
    for (int i = 0; i < 10; ++i) {
        AuditEntry e;
        e.operatorName = QStringLiteral("supervisor");
        e.event = QStringLiteral("note");
        e.action = QStringLiteral("session");
        QVERIFY2(m_fixture.store()->appendAudit(e, &error), qPrintable(error));
    }
    checkpointer->checkpointIfDue();
    QTRY_COMPARE_WITH_TIMEOUT(signed_.count(), 2, 20000);
    QCOMPARE(QDir(witness.path()).entryList(QDir::Files).size(), 2);
    qunsetenv("IDENTITYDESK_WITNESS_DIR");
}

QTEST_MAIN(TestSessionLock)
#include "tst_sessionlock.moc"
