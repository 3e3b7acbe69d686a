// SPDX-License-Identifier: GPL-3.0-or-later
// PasswordHasher: slow salted hashes whose iteration count travels in the string.

#include "store/PasswordHasher.h"

#include <QSet>
#include <QTest>

class PasswordHasherTest final : public QObject
{
    Q_OBJECT

private slots:
    void formatAndVerify()
    {
        QString error;
        const std::optional<QString> hash = PasswordHasher::hash(QStringLiteral("s3cret pässwörd"),
                                                                 PasswordHasher::kDefaultIterations, &error);
        QVERIFY2(hash, qPrintable(error));
        const QStringList parts = hash->split(QLatin1Char('$'));
        QCOMPARE(parts.size(), 4);
        QCOMPARE(parts.at(0), QStringLiteral("pbkdf2-sha256"));
        QVERIFY(parts.at(1).toInt() >= 210000);
        QCOMPARE(QByteArray::fromBase64(parts.at(2).toLatin1()).size(), 16);
        QCOMPARE(QByteArray::fromBase64(parts.at(3).toLatin1()).size(), 32);
        QVERIFY(PasswordHasher::verify(QStringLiteral("s3cret pässwörd"), *hash));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("s3cret passwörd"), *hash));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("s3cret pässwörd "), *hash));
        QVERIFY(!PasswordHasher::needsRehash(*hash));
        QCOMPARE(PasswordHasher::iterations(*hash), std::optional<int>(PasswordHasher::kDefaultIterations));
    }

    void saltIsFreshEachTime()
    {
        QSet<QString> hashes;
        for (int i = 0; i < 3; ++i)
            hashes << *PasswordHasher::hash(QStringLiteral("same"), PasswordHasher::kMinimumIterations);
        QCOMPARE(hashes.size(), 3);
    }

    void acceptsAnyIterationCountInTheString()
    {
        // RFC 6070-style vector for PBKDF2-HMAC-SHA256, password "password", salt "salt", 4096 rounds.
        const QString old =
            QStringLiteral("pbkdf2-sha256$4096$") + QString::fromLatin1(QByteArray("salt").toBase64()) +
            QLatin1Char('$') +
            QString::fromLatin1(
                QByteArray::fromHex("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a")
                    .toBase64());
        QVERIFY(PasswordHasher::verify(QStringLiteral("password"), old));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("Password"), old));
        QVERIFY(PasswordHasher::needsRehash(old));
    }

    void unicodeNormalised()
    {
        // "é" precomposed and decomposed are the same password.
        const QString composed = QStringLiteral("caf\u00e9");
        const QString decomposed = QStringLiteral("cafe\u0301");
        const QString hash = *PasswordHasher::hash(composed, PasswordHasher::kMinimumIterations);
        QVERIFY(PasswordHasher::verify(decomposed, hash));
    }

    void malformedStringsNeverVerify_data()
    {
        QTest::addColumn<QString>("encoded");
        QTest::newRow("empty") << QString();
        QTest::newRow("plain password") << QStringLiteral("password");
        QTest::newRow("other scheme") << QStringLiteral("bcrypt$10$c2FsdA==$aGFzaA==");
        QTest::newRow("no iterations") << QStringLiteral("pbkdf2-sha256$$c2FsdA==$aGFzaA==");
        QTest::newRow("zero iterations") << QStringLiteral("pbkdf2-sha256$0$c2FsdA==$aGFzaA==");
        QTest::newRow("absurd iterations") << QStringLiteral("pbkdf2-sha256$2000000000$c2FsdA==$aGFzaA==");
        QTest::newRow("bad base64") << QStringLiteral("pbkdf2-sha256$1000$!!!$aGFzaA==");
        QTest::newRow("empty hash") << QStringLiteral("pbkdf2-sha256$1000$c2FsdA==$");
        QTest::newRow("extra field") << QStringLiteral("pbkdf2-sha256$1000$c2FsdA==$aGFzaA==$x");
    }

    void malformedStringsNeverVerify()
    {
        QFETCH(QString, encoded);
        QVERIFY(!PasswordHasher::isWellFormed(encoded));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("password"), encoded));
        QVERIFY(!PasswordHasher::iterations(encoded));
    }

    void tooFewIterationsRefused()
    {
        QString error;
        QVERIFY(!PasswordHasher::hash(QStringLiteral("x"), 1000, &error));
        QVERIFY2(error.contains(QLatin1String("210000")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(PasswordHasherTest)
#include "tst_passwordhasher.moc"
