// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionOutcome.h"
#include "domain/ActionRecord.h"
#include "net/ApiError.h"
#include "net/HttpReply.h"

#include <QObject>
#include <QPointer>

/// The progress of one action through the pipeline. Emits finished() once, then deletes itself
/// later: read it in the slot connected to finished().
class ActionTicket final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionTicket)

public:
    /// Why the pipeline stopped before an outcome existed.
    enum class Failure
    {
        None,
        Invalid,      ///< bad request (no reason, unknown flag …): nothing written, nothing sent
        NotPermitted, ///< role, policy or four-eyes rule: nothing sent
        StoreFailed,  ///< the audit log could not be written: nothing sent (fail closed)
    };

    explicit ActionTicket(QObject* parent = nullptr);

    const ActionRecord& record() const { return m_record; }
    const ActionOutcome& outcome() const { return m_outcome; }
    bool hasOutcome() const { return m_hasOutcome; }
    Failure failure() const { return m_failure; }
    /// For the operator: what happened and what to do next.
    QString message() const { return m_message; }
    bool isFinished() const { return m_finished; }
    /// The request being sent, while it is in flight (null before it is sent and once answered).
    HttpReply* reply() const { return m_reply; }
    /// Why the send was cut short by the operator (ActionService::interruptSending()); empty otherwise.
    QString interruption() const { return m_interruption; }

    // For ActionService
    void setRecord(const ActionRecord& record);
    void setOutcome(const ActionOutcome& outcome);
    void fail(Failure failure, const QString& message);
    void finish(const QString& message);
    void setReply(HttpReply* reply) { m_reply = reply; }
    void setInterruption(const QString& why) { m_interruption = why; }

signals:
    void stateChanged(const ActionRecord& record);
    /// The provider asked to wait (429) or a transient failure is being retried.
    void waiting(int attempt, int delayMs, const ApiError& reason);
    /// The provider answered: outcome() is known, and is being recorded (finished() follows).
    void answered();
    void finished();

private:
    ActionRecord m_record;
    ActionOutcome m_outcome;
    bool m_hasOutcome = false;
    Failure m_failure = Failure::None;
    QString m_message;
    bool m_finished = false;
    QPointer<HttpReply> m_reply;
    QString m_interruption;
};
