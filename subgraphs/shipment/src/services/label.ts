/** Characters ZPL treats as commands, and anything outside printable ASCII, are left out of field data. */
const field = (text: string) => text.replace(/[\^~\\]/g, " ").replace(/[^\x20-\x7e]/g, "?").slice(0, 60);

export interface LabelContent {
  trackingNumber: string;
  carrierName: string;
  serviceLevelName: string;
  orderNumber: string;
  packages: number;
}

/** A 4x6 inch thermal label in ZPL II: carrier, service, order, and the tracking number as a Code 128 barcode. */
export function shippingLabelZpl(label: LabelContent): string {
  return [
    "^XA",
    "^CI28",
    `^FO40,40^A0N,50,50^FD${field(label.carrierName)}^FS`,
    `^FO40,110^A0N,35,35^FD${field(label.serviceLevelName)}^FS`,
    `^FO40,170^A0N,30,30^FDOrder ${field(label.orderNumber)} - ${label.packages} package(s)^FS`,
    `^FO40,240^BY3^BCN,160,Y,N,N^FD${field(label.trackingNumber)}^FS`,
    "^XZ",
  ].join("\n");
}
