/**
 * CloudFormation types and attributes of the databases of each service (RDS, DocumentDB,
 * Neptune): the cluster or instance, its member instances, subnet group and parameter group, and
 * how each attribute a service can receive is read (GetAtt, Ref, or an ARN built from the Ref).
 */
import type { DatabaseService } from './engines.js';

/** How an attribute is read from the database resource. */
export type AttributeSource = { getAtt: string } | { ref: true } | { sub: string };

export interface DatabaseShape {
  type: string;
  /** Attributes services may receive (ReturnValues), in output order. */
  attributes: Readonly<Record<string, AttributeSource>>;
  /** Internal attributes: `Arn` (IAM), `ResourceId` (IAM database authentication). */
  arn: AttributeSource;
  resourceId: AttributeSource;
  securityGroupsProperty: string;
  parameterGroup: { type: string; property: string };
  /** The Engine property is set (RDS); DocumentDB and Neptune have a single engine. */
  engineProperty: boolean;
  /** Has a master user and password (not Neptune: IAM authentication only). */
  masterUser: boolean;
  /** Property enabling IAM database authentication. */
  iamAuthProperty?: string;
  /** SecretTargetAttachment TargetType. */
  secretTarget?: string;
}

export interface ServiceKinds {
  cluster: DatabaseShape;
  /** A database of one instance (RDS only). */
  instance?: DatabaseShape;
  /** Member instances of a cluster, with the properties one may be given. */
  member: { type: string; properties: readonly string[] };
  subnetGroup: string;
  /**
   * The data-plane ARN of a database (IAM database authentication), `${ResourceId}` standing for
   * its resource id: RDS `dbuser` (a user name follows), Neptune (`/*` follows).
   */
  dataArn?: string;
}

const clusterArn = { sub: 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:cluster:${Ref}' };

/** What DocumentDB and Neptune clusters share (attributes, ARN, resource id, security groups property). */
const DOCDB_NEPTUNE_CLUSTER = {
  attributes: {
    DBClusterName: { ref: true },
    DBCluster: { ref: true },
    ClusterResourceId: { getAtt: 'ClusterResourceId' },
    Endpoint: { getAtt: 'Endpoint' },
    ReadEndpoint: { getAtt: 'ReadEndpoint' },
    Port: { getAtt: 'Port' },
    DBClusterArn: clusterArn,
  },
  arn: clusterArn,
  resourceId: { getAtt: 'ClusterResourceId' },
  securityGroupsProperty: 'VpcSecurityGroupIds',
} as const;

export const KINDS: Readonly<Record<DatabaseService, ServiceKinds>> = {
  rds: {
    cluster: {
      type: 'AWS::RDS::DBCluster',
      attributes: {
        DBCluster: { ref: true },
        'Endpoint.Address': { getAtt: 'Endpoint.Address' },
        'Endpoint.Port': { getAtt: 'Endpoint.Port' },
        'ReadEndpoint.Address': { getAtt: 'ReadEndpoint.Address' },
        DBClusterArn: { getAtt: 'DBClusterArn' },
        DBClusterResourceId: { getAtt: 'DBClusterResourceId' },
      },
      arn: { getAtt: 'DBClusterArn' },
      resourceId: { getAtt: 'DBClusterResourceId' },
      securityGroupsProperty: 'VpcSecurityGroupIds',
      parameterGroup: { type: 'AWS::RDS::DBClusterParameterGroup', property: 'DBClusterParameterGroupName' },
      engineProperty: true,
      masterUser: true,
      iamAuthProperty: 'EnableIAMDatabaseAuthentication',
      secretTarget: 'AWS::RDS::DBCluster',
    },
    instance: {
      type: 'AWS::RDS::DBInstance',
      attributes: {
        DBInstance: { ref: true },
        'Endpoint.Address': { getAtt: 'Endpoint.Address' },
        'Endpoint.Port': { getAtt: 'Endpoint.Port' },
        DBInstanceArn: { getAtt: 'DBInstanceArn' },
        DbiResourceId: { getAtt: 'DbiResourceId' },
      },
      arn: { getAtt: 'DBInstanceArn' },
      resourceId: { getAtt: 'DbiResourceId' },
      securityGroupsProperty: 'VPCSecurityGroups',
      parameterGroup: { type: 'AWS::RDS::DBParameterGroup', property: 'DBParameterGroupName' },
      engineProperty: true,
      masterUser: true,
      iamAuthProperty: 'EnableIAMDatabaseAuthentication',
      secretTarget: 'AWS::RDS::DBInstance',
    },
    member: {
      type: 'AWS::RDS::DBInstance',
      properties: [
        'DBInstanceClass', 'AllowMajorVersionUpgrade', 'AutoMinorVersionUpgrade', 'AvailabilityZone', 'CACertificateIdentifier',
        'CopyTagsToSnapshot', 'DBInstanceIdentifier', 'DBParameterGroupName', 'DatabaseInsightsMode', 'DeleteAutomatedBackups',
        'EnablePerformanceInsights', 'MonitoringInterval', 'MonitoringRoleArn', 'PerformanceInsightsKMSKeyId',
        'PerformanceInsightsRetentionPeriod', 'PreferredMaintenanceWindow', 'PromotionTier', 'PubliclyAccessible', 'Tags',
      ],
    },
    subnetGroup: 'AWS::RDS::DBSubnetGroup',
    dataArn: 'arn:${AWS::Partition}:rds-db:${AWS::Region}:${AWS::AccountId}:dbuser:${ResourceId}',
  },
  docdb: {
    cluster: {
      type: 'AWS::DocDB::DBCluster',
      ...DOCDB_NEPTUNE_CLUSTER,
      parameterGroup: { type: 'AWS::DocDB::DBClusterParameterGroup', property: 'DBClusterParameterGroupName' },
      engineProperty: false,
      masterUser: true,
      secretTarget: 'AWS::DocDB::DBCluster',
    },
    member: {
      type: 'AWS::DocDB::DBInstance',
      properties: [
        'DBInstanceClass', 'AutoMinorVersionUpgrade', 'AvailabilityZone', 'CACertificateIdentifier', 'CertificateRotationRestart',
        'DBInstanceIdentifier', 'EnablePerformanceInsights', 'PreferredMaintenanceWindow', 'Tags',
      ],
    },
    subnetGroup: 'AWS::DocDB::DBSubnetGroup',
  },
  neptune: {
    cluster: {
      type: 'AWS::Neptune::DBCluster',
      ...DOCDB_NEPTUNE_CLUSTER,
      parameterGroup: { type: 'AWS::Neptune::DBClusterParameterGroup', property: 'DBClusterParameterGroupName' },
      engineProperty: false,
      masterUser: false,
      iamAuthProperty: 'IamAuthEnabled',
    },
    member: {
      type: 'AWS::Neptune::DBInstance',
      properties: [
        'DBInstanceClass', 'AllowMajorVersionUpgrade', 'AutoMinorVersionUpgrade', 'AvailabilityZone', 'DBInstanceIdentifier',
        'DBParameterGroupName', 'PreferredMaintenanceWindow', 'Tags',
      ],
    },
    subnetGroup: 'AWS::Neptune::DBSubnetGroup',
    dataArn: 'arn:${AWS::Partition}:neptune-db:${AWS::Region}:${AWS::AccountId}:${ResourceId}',
  },
};
