import { DataType, StatusCodes, type ISessionContext, type Namespace, type UAObject, type Variant } from "node-opcua";
import type { AnyDevice } from "../../devices/index.ts";
import type { CommandResult } from "../engine/types.ts";
import { inputArguments, outputArguments } from "./device-type.ts";

/**
 * Adds a device's command method, its arguments from the kind's descriptor. Every one answers
 * Accepted (Boolean) and Reason (String, empty on success), so a refused command is an ordinary
 * Good call result a client can show, not a fault.
 */
export function addCommand(
  namespace: Namespace,
  parent: UAObject,
  path: string,
  method: AnyDevice["methods"][number],
  run: (args: unknown[]) => CommandResult,
  afterRun: () => void,
): void {
  const node = namespace.addMethod(parent, {
    nodeId: `s=${path}/${method.name}`,
    browseName: method.name,
    description: method.description,
    inputArguments: inputArguments(method.args),
    outputArguments,
  });
  // node-opcua tells promise methods from callback ones by their arity: keep both parameters.
  node.bindMethod(async (args: Variant[], _context: ISessionContext) => {
    const result = run(args.map((v) => v.value));
    afterRun();
    return {
      statusCode: StatusCodes.Good,
      outputArguments: [
        { dataType: DataType.Boolean, value: result.accepted },
        { dataType: DataType.String, value: result.reason },
      ],
    };
  });
}
