// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "dialogs/ActionParameters.h"

#include <QPointer>

class HttpReply;
class QComboBox;
class QPushButton;
class TrustSwiftlyClient;

/// The parameters of a Trust Swiftly re-verification in the common ActionDialog: the workflow the
/// user is on now ("from", preselected) and the one they must go through (any other), read from
/// Trust Swiftly (kept for the session, refreshable).
class WorkflowPicker final : public ActionParameters
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkflowPicker)

public:
    /// client is not owned and must outlive the picker; currentWorkflow: the user's workflow now.
    WorkflowPicker(TrustSwiftlyClient* client, const QString& currentWorkflow, QWidget* parent = nullptr);

    QJsonObject params() const override;
    QString problem() const override;

private:
    void loadWorkflows(bool refresh);
    void fillCombos();

    QPointer<TrustSwiftlyClient> m_client;
    QString m_currentWorkflow;
    QPointer<HttpReply> m_loading;
    QString m_loadError;
    QComboBox* m_from;
    QComboBox* m_to;
    QPushButton* m_refresh;
};
