// SPDX-License-Identifier: GPL-3.0-or-later
// Fault specs, the fault dice and the rolling rate limit.
#include "FaultInjector.h"
#include "Faults.h"
#include "RateLimiter.h"

#include <QTest>

class TestFaults final : public QObject
{
    Q_OBJECT

private slots:
    void parsesTheFullSpec();
    void parsesEmptySpec();
    void rejectsBadSpecs_data();
    void rejectsBadSpecs();
    void injectorIsDeterministicAndProportional();
    void injectorWithoutFaultsDoesNothing();
    void spikesDelaySomeAnswersOnly();
    void rateLimiterRollsOverOneMinute();
};

void TestFaults::parsesTheFullSpec()
{
    QString error;
    const std::optional<Faults> faults =
        Faults::parse(QStringLiteral("latency=200,error-rate=0.05,drop-after-processing=0.01,hang=0.01,spike="
                                     "0.02:1500,rate-limit=60/min"),
                      &error);
    QVERIFY2(faults, qPrintable(error));
    QCOMPARE(faults->latencyMs, 200);
    QCOMPARE(faults->errorRate, 0.05);
    QCOMPARE(faults->dropAfterProcessing, 0.01);
    QCOMPARE(faults->hang, 0.01);
    QCOMPARE(faults->spikeRate, 0.02);
    QCOMPARE(faults->spikeMs, 1500);
    QCOMPARE(faults->rateLimitPerMinute, 60);
    QVERIFY(!faults->isEmpty());

    const std::optional<Faults> again = Faults::parse(faults->toString());
    QVERIFY(again);
    QCOMPARE(again->toString(), faults->toString());

    const std::optional<Faults> spaced = Faults::parse(QStringLiteral(" latency = 5ms , rate-limit=3 "));
    QVERIFY(spaced);
    QCOMPARE(spaced->latencyMs, 5);
    QCOMPARE(spaced->rateLimitPerMinute, 3);
}

void TestFaults::parsesEmptySpec()
{
    const std::optional<Faults> faults = Faults::parse(QString());
    QVERIFY(faults);
    QVERIFY(faults->isEmpty());
    QCOMPARE(faults->toString(), QString());
}

void TestFaults::rejectsBadSpecs_data()
{
    QTest::addColumn<QString>("spec");
    QTest::newRow("unknown") << QStringLiteral("explode=1");
    QTest::newRow("no value") << QStringLiteral("latency");
    QTest::newRow("negative latency") << QStringLiteral("latency=-5");
    QTest::newRow("latency not a number") << QStringLiteral("latency=soon");
    QTest::newRow("rate above 1") << QStringLiteral("error-rate=1.5");
    QTest::newRow("rate negative") << QStringLiteral("hang=-0.1");
    QTest::newRow("rates sum above 1") << QStringLiteral("error-rate=0.6,hang=0.5");
    QTest::newRow("rate-limit zero") << QStringLiteral("rate-limit=0/min");
    QTest::newRow("rate-limit per hour") << QStringLiteral("rate-limit=60/hour");
    QTest::newRow("spike without delay") << QStringLiteral("spike=0.1");
    QTest::newRow("spike rate above 1") << QStringLiteral("spike=2:100");
    QTest::newRow("spike delay not a number") << QStringLiteral("spike=0.1:soon");
}

void TestFaults::rejectsBadSpecs()
{
    QFETCH(QString, spec);
    QString error;
    QVERIFY(!Faults::parse(spec, &error));
    QVERIFY(!error.isEmpty());
}

void TestFaults::injectorIsDeterministicAndProportional()
{
    Faults faults;
    faults.errorRate = 0.1;
    faults.hang = 0.05;
    faults.dropAfterProcessing = 0.2;
    FaultInjector a(faults, 42);
    FaultInjector b(faults, 42);
    int counts[4] = {};
    const int rolls = 20000;
    for (int i = 0; i < rolls; ++i) {
        const FaultInjector::Action action = a.next();
        QCOMPARE(b.next(), action);
        ++counts[static_cast<int>(action)];
    }
    const auto share = [&](FaultInjector::Action action) {
        return double(counts[static_cast<int>(action)]) / rolls;
    };
    QVERIFY(qAbs(share(FaultInjector::Action::ServerError) - 0.1) < 0.015);
    QVERIFY(qAbs(share(FaultInjector::Action::Hang) - 0.05) < 0.015);
    QVERIFY(qAbs(share(FaultInjector::Action::DropAfterProcessing) - 0.2) < 0.015);
}

void TestFaults::injectorWithoutFaultsDoesNothing()
{
    FaultInjector injector;
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(injector.next(), FaultInjector::Action::None);
    Faults always;
    always.errorRate = 1.0;
    FaultInjector failing(always, 1);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(failing.next(), FaultInjector::Action::ServerError);
}

void TestFaults::spikesDelaySomeAnswersOnly()
{
    Faults faults;
    faults.latencyMs = 20;
    faults.spikeRate = 0.1;
    faults.spikeMs = 1000;
    faults.errorRate = 0.05;
    FaultInjector spiky(faults, 7);
    Faults calm = faults;
    calm.spikeRate = 0;
    FaultInjector plain(calm, 7);
    int spikes = 0;
    for (int i = 0; i < 10000; ++i) {
        QCOMPARE(spiky.next(), plain.next()); // spikes do not change which requests fail
        const int latency = spiky.nextLatencyMs();
        QVERIFY(latency == 20 || latency == 1020);
        spikes += latency == 1020 ? 1 : 0;
        QCOMPARE(plain.nextLatencyMs(), 20);
    }
    QVERIFY2(qAbs(spikes - 1000) < 150, qPrintable(QString::number(spikes)));
}

void TestFaults::rateLimiterRollsOverOneMinute()
{
    RateLimiter limiter(3);
    RateLimiter::Decision d = limiter.hit(0);
    QVERIFY(d.allowed);
    QCOMPARE(d.limit, 3);
    QCOMPARE(d.remaining, 2);
    QCOMPARE(limiter.hit(1000).remaining, 1);
    QCOMPARE(limiter.hit(2000).remaining, 0);

    d = limiter.hit(2500);
    QVERIFY(!d.allowed);
    QCOMPARE(d.remaining, 0);
    QCOMPARE(d.retryAfterSeconds, 58);    // the hit at 0 leaves the window at 60000
    QVERIFY(!limiter.hit(59999).allowed); // rejected hits do not count, but do not help either

    d = limiter.hit(60000);
    QVERIFY(d.allowed);
    QCOMPARE(d.remaining, 0);
    d = limiter.hit(60500);
    QVERIFY(!d.allowed);
    QCOMPARE(d.retryAfterSeconds, 1);
}

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
