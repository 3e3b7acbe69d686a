// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 31: the console's sign-in to a team store whose rules PostgreSQL enforces, typed into the real
// dialog against the test cluster. The name typed is a database role and signing in is connecting as
// it with the password typed, never with the store URL's own credential: a wrong password and a
// missing role get the same words, a login role in none of the store's groups is told so, and the
// console's window works as that role.
#include "TeamClusterAdmin.h"
#include "dialogs/SignInDialog.h"
#include "main/ConsoleLauncher.h"
#include "main/MainWindow.h"
#include "services/OperatorService.h"
#include "store/SqlStore.h"
#include "store/StoreUrl.h"
#include "store/TeamSchema.h"
#include "widgets/MessageBanner.h"

#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>
#include <QUuid>

namespace {
const char kPassword[] = "correct horse battery";
}

class TeamModeSignInTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void aWrongPasswordAndAMissingRoleGetTheSameWords();
    void aRoleInNoGroupIsToldSo();
    void theConsoleSignsInAsTheRoleTyped();
    void aFirstPasswordIsReplacedFromTheWindow();

private:
    /// The store's URL as `user` (no user: none), with `password` (empty: none).
    QString url(const QString& user, const QString& password) const;
    bool adminExec(const QString& sql, QString* error);
    /// Types name and password into the dialog and clicks Sign in; waits until it is done.
    void signIn(SignInDialog* dialog, const QString& name, const QString& password);

    QUrl m_admin;
    QString m_db;
    QString m_prefix;
    QMap<QString, QString> m_passwords; ///< login → password
};

QString TeamModeSignInTest::url(const QString& user, const QString& password) const
{
    QUrl u = m_admin;
    u.setUserName(user);
    u.setPassword(password);
    u.setPath(QLatin1Char('/') + m_db);
    return u.toString();
}

bool TeamModeSignInTest::adminExec(const QString& sql, QString* error)
{
    return TeamClusterAdmin(m_admin).exec(sql, error);
}

void TeamModeSignInTest::signIn(SignInDialog* dialog, const QString& name, const QString& password)
{
    auto* nameEdit = dialog->findChild<QLineEdit*>(QStringLiteral("signInName"));
    auto* passwordEdit = dialog->findChild<QLineEdit*>(QStringLiteral("signInPassword"));
    auto* button = dialog->findChild<QPushButton*>(QStringLiteral("signInButton"));
    QVERIFY(nameEdit && passwordEdit && button);
    nameEdit->selectAll();
    QTest::keyClicks(nameEdit, name);
    QTest::keyClicks(passwordEdit, password);
    QVERIFY2(button->isEnabled(), qPrintable(button->toolTip()));
    QTest::mouseClick(button, Qt::LeftButton);
    // The connection is made on a worker thread: the dialog says so meanwhile.
    QVERIFY(dialog->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isBusy(), 10000);
}

void TeamModeSignInTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString admin = qEnvironmentVariable("IDENTITYDESK_TEST_POSTGRES_URL");
    if (admin.isEmpty())
        QSKIP("IDENTITYDESK_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against");
    m_admin = QUrl(admin);
    const QString id = QUuid::createUuid().toString(QUuid::Id128).left(10);
    m_db = QStringLiteral("idsignin_") + id;
    m_prefix = QStringLiteral("s") + id + QLatin1Char('_');
    QString error;
    QVERIFY2(adminExec(QStringLiteral("CREATE DATABASE %1").arg(m_db), &error), qPrintable(error));
    const std::optional<StoreUrl> owner =
        StoreUrl::parse(url(m_admin.userName(), m_admin.password()), &error);
    QVERIFY2(owner, qPrintable(error));
    SqlStore store(*owner);
    QVERIFY2(store.open(&error), qPrintable(error));
    OperatorService ops(&store);
    const std::optional<Operator> sup =
        ops.addOperator(std::nullopt, m_prefix + QStringLiteral("sup"), Role::Supervisor, kPassword, &error);
    QVERIFY2(sup, qPrintable(error));
    QVERIFY2(ops.addOperator(sup, m_prefix + QStringLiteral("off"), Role::Officer, kPassword, &error),
             qPrintable(error));
    Store::TeamModeReport report;
    QVERIFY2(store.initTeamMode(false, &report, &error), qPrintable(error));
    for (const Store::TeamModeReport::Login& l : report.newLogins)
        m_passwords.insert(l.name, l.oneTimePassword);
    QCOMPARE(m_passwords.size(), 2);
    // A login role of the cluster that is no operator of this store.
    const QString stranger = m_prefix + QStringLiteral("stranger");
    QVERIFY2(adminExec(QStringLiteral("CREATE ROLE %1 LOGIN PASSWORD '%2'").arg(stranger, kPassword), &error),
             qPrintable(error));
    m_passwords.insert(stranger, kPassword);
}

void TeamModeSignInTest::cleanupTestCase()
{
    if (m_db.isEmpty())
        return;
    TeamClusterAdmin(m_admin).dropStore(m_db, m_passwords.keys());
}

void TeamModeSignInTest::aWrongPasswordAndAMissingRoleGetTheSameWords()
{
    SignInDialog dialog;
    dialog.setRoleSignIn(url(QString(), QString()), m_db, QString());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.isRoleSignIn());
    QVERIFY(!dialog.isBootstrap());
    auto* message = dialog.findChild<QLabel*>(QStringLiteral("signInMessage"));
    QVERIFY(message);

    signIn(&dialog, m_prefix + QStringLiteral("off"), QStringLiteral("not the password"));
    QVERIFY(!dialog.signedInOperator());
    const QString wrongPassword = message->text();
    QVERIFY2(wrongPassword.contains(QLatin1String("Unknown operator or wrong password")),
             qPrintable(wrongPassword));
    QVERIFY(message->isVisible());

    signIn(&dialog, m_prefix + QStringLiteral("nobody"), QStringLiteral("not the password"));
    QVERIFY(!dialog.signedInOperator());
    QCOMPARE(message->text(), wrongPassword);
    // The password is never kept in the form after a try.
    QVERIFY(dialog.findChild<QLineEdit*>(QStringLiteral("signInPassword"))->text().isEmpty());
}

void TeamModeSignInTest::aRoleInNoGroupIsToldSo()
{
    SignInDialog dialog;
    dialog.setRoleSignIn(url(QString(), QString()), m_db, QString());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QString stranger = m_prefix + QStringLiteral("stranger");
    signIn(&dialog, stranger, kPassword);
    QVERIFY(!dialog.signedInOperator());
    const QString text = dialog.findChild<QLabel*>(QStringLiteral("signInMessage"))->text();
    QVERIFY2(text.contains(stranger) && text.contains(QLatin1String("none of")), qPrintable(text));
}

void TeamModeSignInTest::theConsoleSignsInAsTheRoleTyped()
{
    // The store URL carries the owner's credential: the console does not sign in with it.
    ConsoleLauncher::Options options;
    options.storeUrl = url(m_admin.userName(), m_admin.password());
    ConsoleLauncher launcher(options);
    launcher.start();
    SignInDialog* dialog = launcher.signInDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(dialog->isRoleSignIn());
    QVERIFY(!launcher.store());
    const QString officer = m_prefix + QStringLiteral("off");
    signIn(dialog, officer, m_passwords.value(officer));
    QTRY_VERIFY_WITH_TIMEOUT(launcher.window() && launcher.window()->isVisible(), 10000);
    QVERIFY(dialog->signedInOperator());
    QCOMPARE(dialog->signedInOperator()->name, officer);
    QCOMPARE(dialog->signedInOperator()->role, Role::Officer);
    // The window's connection is the officer's own database role, not the URL's owner.
    QString error;
    const std::optional<Operator> session = launcher.store()->sessionOperator(&error);
    QVERIFY2(session, qPrintable(error));
    QCOMPARE(session->name, officer);
    AuditFilter filter;
    filter.operatorName = officer;
    QStringList events;
    for (const AuditEntry& e : launcher.store()->auditEntries(filter, &error).value_or(QList<AuditEntry>()))
        events << e.event;
    QVERIFY2(events.contains(QStringLiteral("signed-in")), qPrintable(events.join(QLatin1Char(' '))));
}

void TeamModeSignInTest::aFirstPasswordIsReplacedFromTheWindow()
{
    ConsoleLauncher::Options options;
    options.storeUrl = url(m_admin.userName(), m_admin.password());
    ConsoleLauncher launcher(options);
    launcher.start();
    SignInDialog* dialog = launcher.signInDialog();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    const QString supervisor = m_prefix + QStringLiteral("sup");
    signIn(dialog, supervisor, m_passwords.value(supervisor));
    QTRY_VERIFY_WITH_TIMEOUT(launcher.window() && launcher.window()->isVisible(), 10000);
    MainWindow* window = launcher.window();

    // The window says the first password stops working, and offers to change it.
    auto* banner = window->findChild<MessageBanner*>(QStringLiteral("messageBanner"));
    QVERIFY(banner && banner->isVisible());
    QVERIFY2(banner->text().contains(QLatin1String("first password")), qPrintable(banner->text()));
    if (const QString folder = qEnvironmentVariable("IDENTITYDESK_SCREENSHOTS"); !folder.isEmpty())
        QVERIFY(window->grab().save(folder + QStringLiteral("/first-password-banner.png")));
    auto* change = banner->findChild<QPushButton*>(QStringLiteral("messageAction"));
    QVERIFY(change && change->isVisible());
    QTest::mouseClick(change, Qt::LeftButton);
    QDialog* changeDialog = nullptr;
    QTRY_VERIFY((changeDialog = window->findChild<QDialog*>(QStringLiteral("changePasswordDialog"))) &&
                changeDialog->isVisible());
    auto* current = changeDialog->findChild<QLineEdit*>(QStringLiteral("currentPassword"));
    auto* fresh = changeDialog->findChild<QLineEdit*>(QStringLiteral("newPassword"));
    auto* again = changeDialog->findChild<QLineEdit*>(QStringLiteral("confirmPassword"));
    auto* ok = changeDialog->findChild<QPushButton*>(QStringLiteral("changePasswordOk"));
    QVERIFY(current && fresh && again && ok);

    // A wrong current password: the server refuses it, the dialog says so and stays.
    const QString own = QStringLiteral("the supervisor's own 7");
    QTest::keyClicks(current, QStringLiteral("not my password"));
    QTest::keyClicks(fresh, own);
    QVERIFY(!ok->isEnabled()); // typed once only
    QTest::keyClicks(again, own);
    QVERIFY2(ok->isEnabled(), qPrintable(ok->toolTip()));
    QTest::mouseClick(ok, Qt::LeftButton);
    auto* message = changeDialog->findChild<QLabel*>(QStringLiteral("changePasswordMessage"));
    QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 10000);
    QVERIFY2(message->text().contains(QLatin1String("Wrong password")), qPrintable(message->text()));
    QVERIFY(changeDialog->isVisible());

    // The right one: changed, and the console signs out, since its connections used the old one.
    QTest::keyClicks(current, m_passwords.value(supervisor));
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!launcher.window() && dialog->isVisible(), 10000);
    const QString note = dialog->findChild<QLabel*>(QStringLiteral("signInMessage"))->text();
    QVERIFY2(note.contains(QLatin1String("password was changed")), qPrintable(note));

    // The first password no longer works; the new one does, with no expiry and no banner.
    signIn(dialog, supervisor, m_passwords.value(supervisor));
    QVERIFY(!dialog->signedInOperator());
    signIn(dialog, supervisor, own);
    QTRY_VERIFY_WITH_TIMEOUT(launcher.window() && launcher.window()->isVisible(), 10000);
    QVERIFY(!launcher.window()->findChild<MessageBanner*>(QStringLiteral("messageBanner"))->isVisible());
    QString error;
    QVERIFY(
        !launcher.store()->sessionPasswordExpiry(&error).value_or(QDateTime::currentDateTime()).isValid());
    m_passwords.insert(supervisor, own);
}

QTEST_MAIN(TeamModeSignInTest)
#include "tst_teammode_signin.moc"
