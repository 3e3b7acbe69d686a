// SPDX-License-Identifier: GPL-3.0-or-later
#include "ActionCommand.h"

#include "ActionDialog.h"
#include "ActionParameters.h"

#include "services/ActionService.h"

#include <QAbstractButton>
#include <QPointer>

ActionDialog* ActionCommand::open(ActionService* service, const ActionRequest& request,
                                  const Options& options, QWidget* card, QAbstractButton* opener,
                                  std::function<void(ActionTicket*)> submitted)
{
    auto* dialog = new ActionDialog(service, request, options.person, card);
    if (options.parameters)
        dialog->setParameters(options.parameters);
    if (!options.productionProfile.isEmpty())
        dialog->setProductionEnvironment(options.productionProfile);
    if (!options.expectedConfirmation.isEmpty())
        dialog->setTypedConfirmation(options.confirmationLabel, options.expectedConfirmation);
    QObject::connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    const QPointer<QAbstractButton> back(opener);
    const QPointer<ActionService> pipeline(service);
    QObject::connect(dialog, &QDialog::finished, card,
                     [dialog, card, back, pipeline, submitted = std::move(submitted)](int result) {
                         // Submitted first (the card's buttons wait while it is sent), then back to the
                         // card: the button when it can be pressed again, else the card itself.
                         if (result == QDialog::Accepted && pipeline) {
                             ActionTicket* ticket = pipeline->submit(dialog->request());
                             if (submitted)
                                 submitted(ticket);
                         }
                         if (back && back->isEnabled())
                             back->setFocus(Qt::OtherFocusReason);
                         else
                             card->setFocus(Qt::OtherFocusReason);
                     });
    dialog->open();
    return dialog;
}
