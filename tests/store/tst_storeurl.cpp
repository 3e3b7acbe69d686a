// SPDX-License-Identifier: GPL-3.0-or-later
// StoreUrl: what --store accepts, and that a password never shows.

#include "store/StoreUrl.h"

#include <QDir>
#include <QStandardPaths>
#include <QTest>

class StoreUrlTest final : public QObject
{
    Q_OBJECT

private slots:
    void sqlite()
    {
        QString error;
        std::optional<StoreUrl> url =
            StoreUrl::parse(QStringLiteral("sqlite:/var/lib/x/store.sqlite"), &error);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->backend(), StoreUrl::Backend::Sqlite);
        QCOMPARE(url->sqlitePath(), QStringLiteral("/var/lib/x/store.sqlite"));
        QCOMPARE(url->toDisplayString(), QStringLiteral("sqlite:/var/lib/x/store.sqlite"));
        url = StoreUrl::parse(QStringLiteral("sqlite:///var/lib/x/store.sqlite"), &error);
        QCOMPARE(url->sqlitePath(), QStringLiteral("/var/lib/x/store.sqlite"));
        url = StoreUrl::parse(QStringLiteral("sqlite:relative/store.sqlite"), &error);
        QCOMPARE(url->sqlitePath(),
                 QDir::current().absoluteFilePath(QStringLiteral("relative/store.sqlite")));
        url = StoreUrl::parse(QStringLiteral("sqlite:~/store.sqlite"), &error);
        QCOMPARE(url->sqlitePath(), QDir::homePath() + QStringLiteral("/store.sqlite"));
        QVERIFY(!StoreUrl::parse(QStringLiteral("sqlite:/tmp/"), &error));
    }

    void emptyMeansDefaultFile()
    {
        QString error;
        const std::optional<StoreUrl> url = StoreUrl::parse(QString(), &error);
        QVERIFY(url);
        QCOMPARE(url->backend(), StoreUrl::Backend::Sqlite);
        QCOMPARE(url->sqlitePath(), QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                                        QStringLiteral("/identitydesk.sqlite"));
    }

    void postgresql()
    {
        QString error;
        std::optional<StoreUrl> url = StoreUrl::parse(
            QStringLiteral("postgresql://desk:p%40ss%3Aw0rd@db.example.org:6543/identity"), &error);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->backend(), StoreUrl::Backend::Postgresql);
        QCOMPARE(url->userName(), QStringLiteral("desk"));
        QCOMPARE(url->password(), QStringLiteral("p@ss:w0rd"));
        QCOMPARE(url->host(), QStringLiteral("db.example.org"));
        QCOMPARE(url->port(), 6543);
        QCOMPARE(url->databaseName(), QStringLiteral("identity"));
        QCOMPARE(url->toDisplayString(), QStringLiteral("postgresql://desk@db.example.org:6543/identity"));
        // A remote server: TLS with the certificate and host name checked, unless the URL says otherwise.
        QCOMPARE(url->connectOptions(), QStringLiteral("sslmode='verify-full'"));
        url = StoreUrl::parse(
            QStringLiteral("postgresql://desk@db.example.org/identity?sslrootcert=/etc/ca.pem"), &error);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->connectOptions(), QStringLiteral("sslrootcert='/etc/ca.pem';sslmode='verify-full'"));

        url = StoreUrl::parse(
            QStringLiteral("postgres://desk@127.0.0.1/identity?sslmode=verify-full&sslrootcert=/etc/ca.pem"),
            &error);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->port(), 5432);
        QCOMPARE(url->connectOptions(), QStringLiteral("sslmode='verify-full';sslrootcert='/etc/ca.pem'"));
        QCOMPARE(url->toDisplayString(), QStringLiteral("postgresql://desk@127.0.0.1:5432/identity"));

        url = StoreUrl::parse(QStringLiteral("postgresql:///identity?host=/var/run/postgresql"), &error);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->host(), QStringLiteral("/var/run/postgresql"));
        QCOMPARE(url->connectOptions(), QString());

        // libpq connects where the last host or hostaddr option says: a loopback name in the URL does
        // not spare a remote server TLS.
        url =
            StoreUrl::parse(QStringLiteral("postgresql://desk@localhost/identity?hostaddr=10.1.2.3"), &error);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->connectOptions(), QStringLiteral("hostaddr='10.1.2.3';sslmode='verify-full'"));
        url = StoreUrl::parse(
            QStringLiteral("postgresql://desk@[::1]/identity?host=localhost,db.example.org"), &error);
        QVERIFY2(url, qPrintable(error));
        QVERIFY2(url->connectOptions().endsWith(QLatin1String("sslmode='verify-full'")),
                 qPrintable(url->connectOptions()));
        url = StoreUrl::parse(QStringLiteral("postgresql://desk@127.0.0.1/identity?hostaddr=127.0.0.2"),
                              &error);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->connectOptions(), QStringLiteral("hostaddr='127.0.0.2'"));
    }

    void refused_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("message");
        QTest::newRow("scheme") << "mysql://u@h/db"
                                << "Use sqlite:PATH or postgresql://";
        QTest::newRow("no database") << "postgresql://u:secret@h:5432/"
                                     << "needs one database name";
        QTest::newRow("password option") << "postgresql://u@h/db?password=secret"
                                         << "does not pass on";
        QTest::newRow("semicolon") << "postgresql://u@h/db?application_name=a%3Bb"
                                   << "must not contain";
        QTest::newRow("bad port") << "postgresql://u:secret@h:99999x/db"
                                  << "not a valid URL";
        QTest::newRow("remote without TLS") << "postgresql://u:secret@db.example.org/db?sslmode=disable"
                                            << "without checking the server's certificate";
        QTest::newRow("remote, certificate unchecked")
            << "postgresql://u:secret@db.example.org/db?sslmode=require"
            << "sslrootcert=FILE";
        QTest::newRow("remote, host name unchecked")
            << "postgresql://u:secret@db.example.org/db?sslmode=verify-ca"
            << "not that it was issued to db.example.org";
        QTest::newRow("remote by a host option")
            << "postgresql://u:secret@localhost/db?host=db.example.org&sslmode=disable"
            << "connects to db.example.org without checking";
        QTest::newRow("remote by a hostaddr option")
            << "postgresql://u:secret@127.0.0.1/db?hostaddr=192.0.2.7&sslmode=prefer"
            << "connects to 192.0.2.7 without checking";
        QTest::newRow("a name that only starts like loopback")
            << "postgresql://u:secret@127.0.0.1.example.org/db?sslmode=disable"
            << "connects to 127.0.0.1.example.org without checking";
    }

    void refused()
    {
        QFETCH(QString, url);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!StoreUrl::parse(url, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("secret")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(StoreUrlTest)
#include "tst_storeurl.moc"
