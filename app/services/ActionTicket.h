// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/ActionOutcome.h"
#include "domain/ActionRecord.h"
#include "net/ApiError.h"

#include <QObject>

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

    // For ActionService
    void setRecord(const ActionRecord& record);
    void setOutcome(const ActionOutcome& outcome);
    void fail(Failure failure, const QString& message);
    void finish(const QString& message);

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
};
