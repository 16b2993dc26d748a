import { DataType, StatusCodes, type UAObject, type Namespace, type UAVariable } from "node-opcua";

type Primitive = string | number | boolean | Date;
interface Binding {
  variable: UAVariable;
  dataType: DataType;
  read: () => Primitive;
  last: unknown;
}

const comparable = (v: Primitive) => (v instanceof Date ? v.getTime() : v);

/**
 * Publishes engine state into OPC UA variables. After every tick and command, each variable whose
 * value changed is set from source, so monitored items see changes within one tick, and unchanged
 * ones cost nothing on the wire.
 */
export class VariableSync {
  private readonly bindings: Binding[] = [];

  constructor(private readonly namespace: Namespace) {}

  add(parent: UAObject, path: string, browseName: string, dataType: DataType, read: () => Primitive): UAVariable {
    const variable = this.namespace.addVariable({
      componentOf: parent,
      nodeId: `s=${path}`,
      browseName,
      dataType: DataType[dataType],
      accessLevel: "CurrentRead",
      userAccessLevel: "CurrentRead",
      // Values change only when the engine sets them (every tick and after each command), so
      // clients may monitor them exception-based: every change reported as it happens.
      minimumSamplingInterval: 0,
      value: { dataType, value: read() },
    });
    this.bindings.push({ variable, dataType, read, last: comparable(read()) });
    return variable;
  }

  sync(): void {
    for (const b of this.bindings) {
      const value = b.read();
      const key = comparable(value);
      if (key === b.last) continue;
      b.last = key;
      b.variable.setValueFromSource({ dataType: b.dataType, value }, StatusCodes.Good);
    }
  }
}
