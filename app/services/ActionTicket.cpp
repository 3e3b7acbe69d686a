// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionTicket.h"

#include <QTimer>

ActionTicket::ActionTicket(QObject* parent)
    : QObject(parent)
{}

void ActionTicket::setRecord(const ActionRecord& record)
{
    m_record = record;
    emit stateChanged(m_record);
}

void ActionTicket::setOutcome(const ActionOutcome& outcome)
{
    m_outcome = outcome;
    m_hasOutcome = true;
    emit answered();
}

void ActionTicket::fail(Failure failure, const QString& message)
{
    m_failure = failure;
    finish(message);
}

void ActionTicket::finish(const QString& message)
{
    if (m_finished)
        return;
    m_finished = true;
    m_message = message;
    // Always after the caller has had the chance to connect.
    QTimer::singleShot(0, this, [this] {
        emit finished();
        deleteLater();
    });
}
